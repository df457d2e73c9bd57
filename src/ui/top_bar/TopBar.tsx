import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { setFilterPanelOpen, setInspectionsPanelOpen, setOfflinePanelOpen, setPanelOpen, setReportPanelOpen } from '../../state/actions';
import type { AppState } from '../../state/app_state';

/** The gap between the bar's items, px (as .topbar__end's `gap` in styles.css). */
const GAP = 12;

interface MenuItem {
  label: string;
  run: () => void;
}

/** One action of the bar that may move into 更多 when the bar has no room for it. */
interface BarAction {
  /** The bar's button (its own accessible name, aria-expanded…), or a line of text. */
  bar: ComponentChildren;
  /** The same action as an item of 更多 (the date is a line under the items instead). */
  menu: MenuItem | null;
}

/**
 * The order actions move into 更多 as the bar narrows: the date first, 筛选 last. 图层, the title,
 * the 演示数据 badge and 巡查记录 (with its pending count, the inspector's reminder) never move.
 */
const DROP_ORDER = ['date', 'offline', 'presentation', 'export', 'report', 'filter'] as const;

/**
 * The title bar. Everything fits on one line: what does not is in the 更多 menu. On a phone
 * that is every action but 图层 and 巡查; on a wider window the bar measures itself and moves
 * actions one by one (DROP_ORDER) until nothing wraps, overflows or cuts the title short.
 */
export function TopBar({
  state,
  startPresentation,
  exportOpen,
  setExportOpen,
}: {
  state: AppState;
  startPresentation: () => void;
  exportOpen: boolean;
  setExportOpen: (open: boolean) => void;
}) {
  const manifest = state.manifest.value;
  const phone = state.phoneLayout.value;
  // The user's own outfall ledger replaced the generated one: the map no longer shows demo outfalls.
  const outfallsImported = state.imports.value.some((i) => i.layerId === 'outfalls' && i.mode === 'replace');
  const selection = state.outfallSelection.value;
  const actions: Record<(typeof DROP_ORDER)[number], BarAction> = {
    filter: {
      bar: (
        <TopbarToggle
          open={state.filterPanelOpen.value}
          controls="filter-panel"
          label="筛选"
          accessibleName={selection ? `筛选，已选 ${selection.count} 个排污口` : '筛选'}
          onToggle={(open) => setFilterPanelOpen(state, open)}
        />
      ),
      menu: { label: selection ? `筛选（已选 ${selection.count} 个排污口）` : '筛选', run: () => setFilterPanelOpen(state, true) },
    },
    report: {
      bar: <TopbarToggle open={state.reportPanelOpen.value} controls="report-panel" label="汇报" onToggle={(open) => setReportPanelOpen(state, open)} />,
      menu: { label: '汇报', run: () => setReportPanelOpen(state, true) },
    },
    presentation: {
      bar: (
        <button type="button" class="topbar__button" onClick={startPresentation}>
          演示模式
        </button>
      ),
      menu: { label: '演示模式', run: startPresentation },
    },
    export: {
      bar: <TopbarToggle open={exportOpen} controls="export-image-dialog" label="导出图片" onToggle={setExportOpen} />,
      menu: { label: '导出图片', run: () => setExportOpen(true) },
    },
    date: {
      bar: manifest && <span class="topbar__date">数据截至 {manifest.dataDate}</span>,
      menu: null,
    },
    offline: {
      bar: (
        <TopbarToggle open={state.offlinePanelOpen.value} controls="offline-panel" label="离线与存储" onToggle={(open) => setOfflinePanelOpen(state, open)} />
      ),
      menu: { label: '离线与存储', run: () => setOfflinePanelOpen(state, true) },
    },
  };

  const bar = useRef<HTMLElement>(null);
  const title = useRef<HTMLHeadingElement>(null);
  const end = useRef<HTMLDivElement>(null);
  const [measuredLevel, setLevel] = useState(0);
  /** Each action's width when it was last in the bar: whether it fits again when the window widens. */
  const widths = useRef(new Map<string, number>());
  const level = phone ? DROP_ORDER.length : measuredLevel;

  /** The bar's text and level when it was last measured. */
  const measuredFor = useRef('');
  // Measured after a render that changed the bar's text (a pending count, a longer badge) and
  // whenever the bar changes size. Not after one that changed only an accessible name (筛选's
  // count, at every step of its distance slider): measuring forces a layout of the whole page
  // in the middle of that step (18 ms of a 60 ms task on 100,000 outfalls, bench/README.md).
  const fit = (resized = false) => {
    const barEl = bar.current;
    const titleEl = title.current;
    const endEl = end.current;
    if (state.phoneLayout.peek() || !barEl || !titleEl || !endEl) return;
    const shown = `${measuredLevel}|${barEl.textContent}`;
    if (!resized && shown === measuredFor.current) return;
    measuredFor.current = shown;
    for (const element of endEl.querySelectorAll<HTMLElement>('[data-action]')) widths.current.set(element.dataset.action!, element.offsetWidth);
    const overflowing = barEl.scrollWidth > barEl.clientWidth + 1 || titleEl.scrollWidth > titleEl.clientWidth + 1;
    if (overflowing) {
      if (measuredLevel < DROP_ORDER.length) setLevel(measuredLevel + 1);
      return;
    }
    if (measuredLevel === 0) return;
    const next = widths.current.get(DROP_ORDER[measuredLevel - 1]);
    const before = endEl.previousElementSibling;
    const free = before ? endEl.getBoundingClientRect().left - before.getBoundingClientRect().right - GAP : 0;
    // Back to no menu at all: the 更多 button's room is freed too.
    const more = measuredLevel === 1 ? (endEl.querySelector<HTMLElement>('.more-menu__button')?.offsetWidth ?? 0) + GAP : 0;
    if (next === undefined || free + more >= next + GAP) setLevel(measuredLevel - 1);
  };
  useLayoutEffect(() => fit());
  const latestFit = useRef(fit);
  latestFit.current = fit;
  useEffect(() => {
    const barEl = bar.current;
    if (!barEl) return;
    const observer = new ResizeObserver(() => latestFit.current(true));
    observer.observe(barEl);
    return () => observer.disconnect();
  }, []);

  const inMenu = new Set<string>(DROP_ORDER.slice(0, level));
  const show = (id: (typeof DROP_ORDER)[number]) =>
    inMenu.has(id) || !actions[id].bar ? null : (
      <span class="topbar__slot" data-action={id} key={id}>
        {actions[id].bar}
      </span>
    );
  // The menu lists its actions in the bar's order, the date as a line under them.
  const menuItems = (['filter', 'report', 'presentation', 'export', 'offline'] as const)
    .filter((id) => inMenu.has(id))
    .map((id) => actions[id].menu)
    .filter((item) => item !== null);
  const note = inMenu.has('date') && manifest ? `数据截至 ${manifest.dataDate}` : null;
  return (
    <header class="topbar" ref={bar}>
      <button
        type="button"
        class="topbar__layers"
        aria-expanded={state.panelOpen.value}
        aria-controls="layer-panel"
        onClick={() => setPanelOpen(state, !state.panelOpen.value)}
      >
        图层
      </button>
      <h1 class="topbar__title" ref={title}>
        <span class="topbar__title-full">平顶山生态环境一张图</span>
        <span class="topbar__title-short" aria-hidden="true">
          生态一张图
        </span>
      </h1>
      {manifest?.demo && !outfallsImported && (
        <span class="demo-badge" title="本数据为程序生成的演示数据，非真实排查台账">
          演示数据
          {state.imports.value.length > 0 && (
            // A phone's bar has no room for the rest: it is read out, not shown.
            <span class={phone ? 'visually-hidden' : undefined}>（含导入）</span>
          )}
        </span>
      )}
      <div class="topbar__end" ref={end}>
        {show('filter')}
        {show('report')}
        {show('presentation')}
        <TopbarToggle
          open={state.inspectionsPanelOpen.value}
          controls="inspections-panel"
          label="巡查记录"
          short="巡查"
          accessibleName={`巡查记录，${state.unsyncedCount.value} 条待同步`}
          badge={state.unsyncedCount.value}
          onToggle={(open) => setInspectionsPanelOpen(state, open)}
        />
        {show('export')}
        {show('date')}
        {show('offline')}
        {level > 0 && <MoreMenu items={menuItems} note={note} />}
      </div>
    </header>
  );
}

/**
 * A top-bar button that opens and closes a panel. `short` is the word a phone shows; the
 * accessible name is always the full one (or `accessibleName`).
 */
function TopbarToggle(props: {
  open: boolean;
  controls: string;
  label: string;
  short?: string;
  accessibleName?: string;
  badge?: number;
  onToggle: (open: boolean) => void;
}) {
  return (
    <button
      type="button"
      class="topbar__button"
      aria-expanded={props.open}
      aria-controls={props.controls}
      aria-label={props.accessibleName ?? props.label}
      onClick={() => props.onToggle(!props.open)}
    >
      <span class="topbar__button-long">{props.label}</span>
      <span class="topbar__button-short" aria-hidden="true">
        {props.short ?? props.label}
      </span>
      {props.badge ? (
        <span class="pending-badge" aria-hidden="true">
          {props.badge}
        </span>
      ) : null}
    </button>
  );
}

const MENU_ID = 'topbar-more-menu';

/**
 * 更多: a menu button (WAI-ARIA menu button pattern). Opening focuses the first item (the last
 * with ↑); ↑ ↓ Home End move, Esc closes back to the button, Tab or a tap elsewhere closes.
 * An item closes the menu and returns focus to 更多 before it acts, so the panel it opens
 * gives focus back to 更多 when it closes.
 */
function MoreMenu({ items, note }: { items: MenuItem[]; note: string | null }) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLUListElement>(null);
  /** Which item to focus once the menu shows. */
  const focusOnOpen = useRef<'first' | 'last'>('first');

  const menuItems = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
  const focusItem = (index: number) => {
    const list = menuItems();
    if (list.length > 0) list[(index + list.length) % list.length].focus();
  };
  const openMenu = (which: 'first' | 'last') => {
    focusOnOpen.current = which;
    setOpen(true);
  };
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };

  useLayoutEffect(() => {
    if (open) focusItem(focusOnOpen.current === 'first' ? 0 : -1);
  }, [open]);
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown, true);
    return () => document.removeEventListener('pointerdown', onPointerDown, true);
  }, [open]);

  return (
    <div class="more-menu" ref={root}>
      <button
        ref={button}
        type="button"
        class="topbar__button more-menu__button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={MENU_ID}
        onClick={() => (open ? close(false) : openMenu('first'))}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
            event.preventDefault();
            openMenu(event.key === 'ArrowDown' ? 'first' : 'last');
          }
        }}
      >
        更多
      </button>
      <div id={MENU_ID} class="more-menu__popup" hidden={!open}>
        <ul
          ref={menu}
          role="menu"
          aria-label="更多"
          onKeyDown={(event) => {
            const list = menuItems();
            const at = list.indexOf(document.activeElement as HTMLElement);
            if (event.key === 'ArrowDown') focusItem(at + 1);
            else if (event.key === 'ArrowUp') focusItem(at - 1);
            else if (event.key === 'Home') focusItem(0);
            else if (event.key === 'End') focusItem(-1);
            else if (event.key === 'Escape') close(true);
            else {
              // Tab leaves the menu where the browser takes focus next.
              if (event.key === 'Tab') setOpen(false);
              return;
            }
            event.preventDefault();
          }}
        >
          {items.map((item) => (
            <li key={item.label} role="none">
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                class="more-menu__item"
                onClick={() => {
                  close(true);
                  item.run();
                }}
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
        {note && <p class="more-menu__note">{note}</p>}
      </div>
    </div>
  );
}
