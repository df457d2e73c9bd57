import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { dismissNotice } from '../../state/actions';
import type { AppState, Notice } from '../../state/app_state';

/** Plain information fades after this long; errors, warnings and notices with a button stay until closed. */
const INFO_VISIBLE_MS = 10_000;

function shouldFade(notice: Notice): boolean {
  return notice.kind === 'info' && !notice.action;
}

/** The CSS variable the controls at the foot of the screen rise by, so no notice ever covers one (styles.css). */
const SPACE_VARIABLE = '--notices-space';

/**
 * Keep SPACE_VARIABLE at the room the notices take at the foot of the window (their height, the
 * margin under them and a gap), 0 px without notices. Set before paint, so nothing shows covered.
 */
function useReservedSpace(element: { current: HTMLElement | null }, count: number): void {
  useLayoutEffect(() => {
    const root = document.documentElement.style;
    const box = element.current;
    if (!box) {
      root.setProperty(SPACE_VARIABLE, '0px');
      return;
    }
    const update = () => {
      const top = box.getBoundingClientRect().top;
      root.setProperty(SPACE_VARIABLE, `${Math.max(0, Math.ceil(window.innerHeight - top + 6))}px`);
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(box);
    window.addEventListener('resize', update);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', update);
      root.setProperty(SPACE_VARIABLE, '0px');
    };
  }, [count > 0]);
}

/**
 * Errors as alerts (read out at once), warnings and information as status messages. They sit
 * at the foot of the window and the controls there (定位, the grid bar, the card, the sheets) rise
 * above them.
 */
export function Notices({ state }: { state: AppState }) {
  const notices = state.notices.value;
  const box = useRef<HTMLDivElement>(null);
  useReservedSpace(box, notices.length);
  const fading = notices
    .filter(shouldFade)
    .map((n) => n.id)
    .join(',');
  useEffect(() => {
    const timers = notices.filter(shouldFade).map((n) => setTimeout(() => dismissNotice(state, n.id), INFO_VISIBLE_MS));
    return () => timers.forEach(clearTimeout);
  }, [fading]);
  if (notices.length === 0) return null;
  return (
    <div class="notices" ref={box}>
      {notices.map((notice) => (
        <div key={notice.id} class={`notice notice--${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
          <p>{notice.text}</p>
          {notice.action && (
            <button
              type="button"
              class="notice__action"
              onClick={() => {
                dismissNotice(state, notice.id);
                notice.action!.run();
              }}
            >
              {notice.action.label}
            </button>
          )}
          <button type="button" class="icon-button" aria-label="关闭提示" onClick={() => dismissNotice(state, notice.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
