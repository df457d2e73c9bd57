import { useEffect, useState } from 'preact/hooks';
import { gridDayDate } from '../../data/hotspot_grid_format';
import type { GridHeader, Pollutant } from '../../data/hotspot_grid_format';
import { GRID_SCALES, comparisonPeriod, dayIndexOf, describeBase, describePeriod, monthPeriod } from '../../layers/grid_view';
import type { GridColouring, GridMode, GridView } from '../../layers/grid_view';
import { HOTSPOT_GRID } from '../../layers/hotspot_grid';
import { setGridView, setRankingOpen } from '../../state/actions';
import type { AppState } from '../../state/app_state';
import { readyLayer } from '../../state/selectors';
import { POLLUTANT_NAMES } from '../../symbology/air_quality';

/** How long each day shows while playing: long enough to see the pattern move. */
const PLAY_STEP_MS = 800;

const MODES: [GridMode, string][] = [
  ['day', '日'],
  ['month', '月'],
  ['range', '时段'],
];
const COLOURINGS: [GridColouring, string][] = [
  ['hotspot', '热点'],
  ['concentration', '浓度'],
  ['change', '变化'],
];

/** The first day of each calendar month of the series, for the 月份 list. */
function monthStarts(header: GridHeader): number[] {
  const starts: number[] = [];
  for (let d = 0; d < header.days; d++) if (d === 0 || gridDayDate(header, d).endsWith('-01')) starts.push(d);
  return starts;
}

/**
 * 热点网格 controls: pollutant, time (a day with steps and playback, a month, or a
 * range) and colouring (浓度, 热点 with its threshold, 变化 with the period it
 * compares with). Shown while the grid is on; a <details> so that on a phone it
 * folds into one bar.
 */
export function GridControls({ state }: { state: AppState }) {
  const [playing, setPlaying] = useState(false);
  const [rangeError, setRangeError] = useState<string | null>(null);
  const [baseError, setBaseError] = useState<string | null>(null);
  const layer = readyLayer(state, HOTSPOT_GRID);
  const view = state.gridView.value;
  const header = layer?.kind === 'grid' ? layer.grid.header : null;

  useEffect(() => {
    if (!playing || !header) return;
    const timer = setInterval(() => {
      const current = state.gridView.peek();
      if (!current || current.last >= header.days - 1) {
        setPlaying(false);
        return;
      }
      setGridView(state, { ...current, mode: 'day', first: current.last + 1, last: current.last + 1 });
    }, PLAY_STEP_MS);
    return () => clearInterval(timer);
  }, [playing, header]);

  if (!header || !view || !state.visibility.value[HOTSPOT_GRID]) return null;
  const lastDay = header.days - 1;
  const set = (changes: Partial<GridView>) => setGridView(state, { ...view, ...changes });
  const day = (d: number) => set({ mode: 'day', first: Math.min(lastDay, Math.max(0, d)), last: Math.min(lastDay, Math.max(0, d)) });
  const chooseMode = (mode: GridMode) => {
    setPlaying(false);
    setRangeError(null);
    if (mode === 'day') day(view.last);
    else if (mode === 'month') set({ mode, ...monthPeriod(header, view.last) });
    else set({ mode, first: view.mode === 'day' ? Math.max(0, view.last - 29) : view.first, last: view.last });
  };
  const setRange = (from: string, to: string) => {
    const first = dayIndexOf(header, from);
    const last = dayIndexOf(header, to);
    if (Number.isNaN(first) || Number.isNaN(last)) return setRangeError('请选择开始和结束日期');
    if (last < first) return setRangeError('结束日期早于开始日期');
    if (first < 0 || last > lastDay) return setRangeError(`日期应在 ${gridDayDate(header, 0)} 至 ${gridDayDate(header, lastDay)} 之间`);
    setRangeError(null);
    set({ mode: 'range', first, last });
  };
  // The analyst's own 对比时段: checked like the range above, and kept fixed while the period shown moves.
  const setBase = (from: string, to: string) => {
    const first = dayIndexOf(header, from);
    const last = dayIndexOf(header, to);
    if (Number.isNaN(first) || Number.isNaN(last)) return setBaseError('请选择对比开始和结束日期');
    if (last < first) return setBaseError('对比结束日期早于对比开始日期');
    if (first < 0 || last > lastDay) return setBaseError(`对比日期应在 ${gridDayDate(header, 0)} 至 ${gridDayDate(header, lastDay)} 之间`);
    setBaseError(null);
    set({ base: { first, last } });
  };
  const comparison = comparisonPeriod(header, view);
  const colouringName = COLOURINGS.find(([c]) => c === view.colouring)?.[1] ?? '';
  const summary = `${POLLUTANT_NAMES[view.pollutant]} · ${describePeriod(header, view)} · ${view.scale} km · ${colouringName}`;

  return (
    <details class="grid-controls" open={!state.phoneLayout.value}>
      <summary class="grid-controls__summary">
        <span class="grid-controls__heading">热点网格</span> <span>{summary}</span>
      </summary>
      <div class="grid-controls__body">
        <label class="grid-controls__field">
          <span>污染物</span>
          <select value={view.pollutant} onChange={(e) => set({ pollutant: e.currentTarget.value as Pollutant })}>
            {header.pollutants.map((p) => (
              <option key={p} value={p}>
                {POLLUTANT_NAMES[p]}
              </option>
            ))}
          </select>
        </label>
        <fieldset class="grid-controls__field grid-controls__choices">
          <legend>时间</legend>
          {MODES.map(([mode, label]) => (
            <label key={mode}>
              <input type="radio" name="grid-mode" checked={view.mode === mode} onChange={() => chooseMode(mode)} />
              {label}
            </label>
          ))}
        </fieldset>
        {view.mode === 'day' && (
          <div class="grid-controls__field grid-controls__day">
            <button type="button" class="button" aria-label="前一天" disabled={view.first <= 0} onClick={() => day(view.first - 1)}>
              ◀
            </button>
            <input type="range" aria-label="日期" min={0} max={lastDay} value={view.first} onInput={(e) => day(Number(e.currentTarget.value))} />
            <button type="button" class="button" aria-label="后一天" disabled={view.first >= lastDay} onClick={() => day(view.first + 1)}>
              ▶
            </button>
            <button type="button" class="button" aria-pressed={playing} onClick={() => setPlaying(!playing)} disabled={!playing && view.first >= lastDay}>
              {playing ? '暂停' : '播放'}
            </button>
            <output class="grid-controls__date">{gridDayDate(header, view.first)}</output>
          </div>
        )}
        {view.mode === 'month' && (
          <label class="grid-controls__field">
            <span>月份</span>
            <select
              value={String(monthPeriod(header, view.first).first)}
              onChange={(e) => set({ mode: 'month', ...monthPeriod(header, Number(e.currentTarget.value)) })}
            >
              {monthStarts(header).map((d) => (
                <option key={d} value={String(d)}>
                  {describePeriod(header, { ...view, mode: 'month', ...monthPeriod(header, d) })}
                </option>
              ))}
            </select>
          </label>
        )}
        {view.mode === 'range' && (
          <div class="grid-controls__field grid-controls__range">
            <label>
              <span>开始日期</span>
              <input
                type="date"
                min={gridDayDate(header, 0)}
                max={gridDayDate(header, lastDay)}
                value={gridDayDate(header, view.first)}
                onChange={(e) => setRange(e.currentTarget.value, gridDayDate(header, view.last))}
              />
            </label>
            <label>
              <span>结束日期</span>
              <input
                type="date"
                min={gridDayDate(header, 0)}
                max={gridDayDate(header, lastDay)}
                value={gridDayDate(header, view.last)}
                onChange={(e) => setRange(gridDayDate(header, view.first), e.currentTarget.value)}
              />
            </label>
            {rangeError && (
              <p class="grid-controls__error" role="alert">
                {rangeError}
              </p>
            )}
          </div>
        )}
        <fieldset class="grid-controls__field grid-controls__choices">
          <legend>网格</legend>
          {GRID_SCALES.map((scale) => (
            <label key={scale}>
              <input type="radio" name="grid-scale" checked={view.scale === scale} onChange={() => set({ scale })} />
              {scale} km
            </label>
          ))}
        </fieldset>
        <fieldset class="grid-controls__field grid-controls__choices">
          <legend>着色</legend>
          {COLOURINGS.map(([colouring, label]) => (
            <label key={colouring}>
              <input type="radio" name="grid-colouring" checked={view.colouring === colouring} onChange={() => set({ colouring })} />
              {label}
            </label>
          ))}
        </fieldset>
        <button
          type="button"
          class="button"
          aria-expanded={state.rankingOpen.value}
          aria-controls="ranking-panel"
          onClick={() => setRankingOpen(state, !state.rankingOpen.value)}
        >
          热点排名
        </button>
        {view.colouring === 'hotspot' && (
          <label class="grid-controls__field">
            <span>热点阈值：高于城市均值</span>
            <input
              type="number"
              min={0}
              max={300}
              step={5}
              value={Math.round(view.threshold * 100)}
              onChange={(e) => {
                const percent = Number(e.currentTarget.value);
                if (Number.isFinite(percent) && percent >= 0 && percent <= 300) set({ threshold: percent / 100 });
              }}
            />
            <span>%</span>
          </label>
        )}
        {view.colouring === 'change' && (
          <fieldset class="grid-controls__field grid-controls__choices">
            <legend>对比时段</legend>
            <label>
              <input
                type="radio"
                name="grid-base"
                checked={!view.base}
                onChange={() => {
                  setBaseError(null);
                  set({ base: null });
                }}
              />
              上一时段
            </label>
            <label>
              {/* A custom base starts from the period 上一时段 gave, so the map does not jump when it is chosen. */}
              <input type="radio" name="grid-base" checked={!!view.base} onChange={() => set({ base: comparison ?? { first: view.first, last: view.last } })} />
              自定义
            </label>
            {!view.base && comparison && <output class="grid-controls__date">对比 {describeBase(header, comparison)}</output>}
          </fieldset>
        )}
        {view.colouring === 'change' && view.base && (
          <div class="grid-controls__field grid-controls__range">
            <label>
              <span>对比开始日期</span>
              <input
                type="date"
                min={gridDayDate(header, 0)}
                max={gridDayDate(header, lastDay)}
                value={gridDayDate(header, view.base.first)}
                onChange={(e) => setBase(e.currentTarget.value, gridDayDate(header, view.base!.last))}
              />
            </label>
            <label>
              <span>对比结束日期</span>
              <input
                type="date"
                min={gridDayDate(header, 0)}
                max={gridDayDate(header, lastDay)}
                value={gridDayDate(header, view.base.last)}
                onChange={(e) => setBase(gridDayDate(header, view.base!.first), e.currentTarget.value)}
              />
            </label>
            {baseError && (
              <p class="grid-controls__error" role="alert">
                {baseError}
              </p>
            )}
          </div>
        )}
        {view.colouring === 'change' && !comparison && (
          // Not an alert: a link may open here, and nothing went wrong; the map shows every cell as 无法对比 meanwhile.
          <p class="grid-controls__error" role="status">
            {view.base
              ? `对比时段不在数据范围（${gridDayDate(header, 0)} 至 ${gridDayDate(header, lastDay)}）内，请重新选择对比日期`
              : `${describePeriod(header, view)} 之前没有数据，无法与上一时段对比；请选择“自定义”对比时段`}
          </p>
        )}
      </div>
    </details>
  );
}
