import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { OUTFALL_CATEGORIES, REMEDIATION_MEASURES, REMEDIATION_STATUSES } from '../../data/types';
import { OUTFALL_STAGES, isEmptyFilter } from '../../spatial/filter/description';
import type { OutfallFilter } from '../../spatial/filter/description';
import { requestBounds, requestDrawing, setFilterDisplay, setFilterPanelOpen, setFilterScope, setOutfallFilter } from '../../state/actions';
import type { AppState } from '../../state/app_state';
import { readyFeatures } from '../../state/selectors';
import { SidePanelHeader } from '../side_panel/SidePanelHeader';
import { AreaControls } from './AreaControls';
import { CheckboxGroup } from './CheckboxGroup';
import type { FilterServices } from './filter_services';
import { filterOptions } from './options';
import type { Choice, FilterOptions } from './options';
import { SelectionSummary } from './SelectionSummary';
import { checkFilter } from '../../spatial/filter/validate';
import type { FilterProblem, KnownPlaces } from '../../spatial/filter/validate';
import { summariseSelection } from '../../spatial/filter/summary';
import type { SelectionSummary as Summary } from '../../spatial/filter/summary';
import type { OutfallProperties } from '../../data/types';
import { referenceDate } from '../../state/selectors';

const fixed = (values: readonly string[]): Choice[] => values.map((v) => ({ value: v, label: v }));
// Made once, so a group whose props did not change is not drawn again (CheckboxGroup is memo'd).
const CATEGORY_CHOICES = fixed(OUTFALL_CATEGORIES);
const MEASURE_CHOICES = fixed(REMEDIATION_MEASURES);
const STATUS_CHOICES = fixed(REMEDIATION_STATUSES);
const STAGE_CHOICES = fixed(OUTFALL_STAGES);
const allOf = (n: number): Uint8Array => new Uint8Array(n).fill(1);

/** The box around the selected outfalls: [west, south, east, north]. */
function boundsOf(outfalls: readonly OutfallProperties[], matches: Uint8Array): [number, number, number, number] {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  outfalls.forEach((o, i) => {
    if (!matches[i]) return;
    [w, s, e, n] = [Math.min(w, o.lon), Math.min(s, o.lat), Math.max(e, o.lon), Math.max(n, o.lat)];
  });
  return [w, s, e, n];
}

/** The ids an area condition may name: those of the data on screen. */
const knownPlaces = (options: FilterOptions): KnownPlaces => {
  const ids = (choices: Choice[]) => new Set(choices.map((c) => c.value));
  return { counties: ids(options.counties), parks: ids(options.parks), reservoirs: ids(options.reservoirs), rivers: ids(options.rivers) };
};

/** Each problem under the control it is about: a list field by name, the dates under 到, an area under its place or its drawing. */
function problemsByControl(filter: OutfallFilter, problems: FilterProblem[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of problems) {
    let key: string = p.field;
    if (p.field === 'surveyFrom' || p.field === 'surveyTo') key = 'surveyTo';
    if (p.field === 'areas') key = filter.areas?.[p.index ?? -1]?.kind === 'drawn' ? 'areas:drawn' : 'areas:place';
    out.set(key, out.has(key) ? `${out.get(key)}；${p.message}` : p.message);
  }
  return out;
}
/** Each value of a list field; the field's problem from the validation. */
type ListField = 'counties' | 'townships' | 'waters' | 'categories' | 'subtypes' | 'measures' | 'statuses' | 'stages';

/**
 * 筛选: which outfalls, where. Attribute conditions (any of the values ticked in a
 * group, every group that has a tick), a place or a drawn shape, what the map does with
 * the others, and the summary and files of the selection. Every change is a new filter
 * in the state; the URL and the map follow it.
 */
export function FilterPanel({ state, services }: { state: AppState; services: FilterServices }) {
  const outfalls = readyFeatures(state, 'outfalls');
  const options = useMemo(
    () => filterOptions(state),
    [outfalls, readyFeatures(state, 'parks'), readyFeatures(state, 'rivers'), readyFeatures(state, 'reservoirs')],
  );
  const selection = state.outfallSelection.value;
  const today = referenceDate(state);
  const properties = useMemo(() => (outfalls ?? []).map((f) => f.properties as OutfallProperties), [outfalls]);
  // A selection brings its summary, made where it was evaluated (筛选's worker). With no filter, the
  // summary of every outfall is made here once per data, in a task after the render's.
  const [allSummary, setAllSummary] = useState<Summary | null>(null);
  useEffect(() => {
    if (selection) return;
    const timer = setTimeout(() => setAllSummary(outfalls ? summariseSelection(properties, allOf(properties.length), today) : null), 0);
    return () => clearTimeout(timer);
  }, [properties, selection === null, today]);
  const summary = selection ? selection.summary : allSummary;
  // One handler per group for the panel's life, calling the latest `change`: while a distance
  // slider is dragged the panel renders 30 times a second, and the groups (85 townships among
  // them) then keep equal props and are skipped.
  const latestChange = useRef<(patch: Partial<OutfallFilter>) => void>(() => undefined);
  const groupHandlers = useMemo(() => new Map<ListField, (values: string[]) => void>(), []);
  const handlerOf = (field: ListField) => {
    let handler = groupHandlers.get(field);
    if (!handler) {
      handler = (values) => latestChange.current({ [field]: values });
      groupHandlers.set(field, handler);
    }
    return handler;
  };
  if (!state.filterPanelOpen.value) return null;
  const filter = state.outfallFilter.value;
  const problems = problemsByControl(filter, checkFilter(filter, knownPlaces(options)));
  const change = (patch: Partial<OutfallFilter>) => {
    const next: OutfallFilter = { ...filter, ...patch };
    // An empty list or an unset field leaves the description (and the URL) altogether.
    for (const [key, value] of Object.entries(next))
      if (value === undefined || value === false || value === '' || (Array.isArray(value) && value.length === 0)) delete next[key as keyof OutfallFilter];
    setOutfallFilter(state, next);
  };
  latestChange.current = change;
  const group = (field: ListField, legend: string, choices: readonly Choice[], searchable = false) => (
    <CheckboxGroup
      legend={legend}
      choices={choices}
      chosen={filter[field] as string[] | undefined}
      onChange={handlerOf(field)}
      searchable={searchable}
      problem={problems.get(field)}
    />
  );
  const total = outfalls?.length ?? 0;
  const scope = state.filterScope.value;
  return (
    <section id="filter-panel" class="side-panel filter-panel" role="dialog" aria-labelledby="filter-panel-title">
      <SidePanelHeader id="filter-panel-title" title="筛选" onClose={() => setFilterPanelOpen(state, false)} />
      <div class="side-panel__body">
        <p class="filter-count" aria-live="polite" data-computed={selection?.computed}>
          {selection
            ? `已选 ${selection.count.toLocaleString('zh-CN')} 个排污口（共 ${total.toLocaleString('zh-CN')} 个）`
            : `未筛选：全部 ${total.toLocaleString('zh-CN')} 个排污口`}
        </p>
        {selection?.problems.map((p) => (
          <p key={p} class="filter-problem" role="alert">
            {p}
          </p>
        ))}
        {!isEmptyFilter(filter) && (
          <div class="filter-draw__buttons">
            {selection && selection.count > 0 && outfalls && (
              <button type="button" class="filter-clear" onClick={() => requestBounds(state, boundsOf(properties, selection.matches))}>
                缩放到筛选结果
              </button>
            )}
            <button type="button" class="filter-clear" onClick={() => setOutfallFilter(state, {})}>
              清除筛选
            </button>
          </div>
        )}
        {group('counties', '县区', options.counties)}
        {group('townships', '乡镇', options.townships, true)}
        {group('waters', '受纳水体', options.waters)}
        {group('categories', '类别', CATEGORY_CHOICES)}
        {group('subtypes', '子类', options.subtypes, true)}
        {group('measures', '整治措施', MEASURE_CHOICES)}
        {group('statuses', '整治状态', STATUS_CHOICES)}
        <label class="filter-choice filter-choice--single">
          <input type="checkbox" checked={!!filter.overdue} onChange={(e) => change({ overdue: e.currentTarget.checked })} />
          仅逾期（整治期限已过且未完成）
        </label>
        {group('stages', '查测溯治进度（已到达的最后一步）', STAGE_CHOICES)}
        <fieldset class="filter-group">
          <legend>排查日期</legend>
          <div class="filter-dates">
            <label class="filter-field">
              从
              <input type="date" value={filter.surveyFrom ?? ''} onInput={(e) => change({ surveyFrom: e.currentTarget.value || undefined })} />
            </label>
            <label class="filter-field">
              到
              <input type="date" value={filter.surveyTo ?? ''} onInput={(e) => change({ surveyTo: e.currentTarget.value || undefined })} />
            </label>
          </div>
          {problems.get('surveyTo') && (
            <p class="filter-problem" role="alert">
              {problems.get('surveyTo')}
            </p>
          )}
        </fieldset>
        <AreaControls
          areas={filter.areas ?? []}
          options={options}
          onDraw={(shape) => requestDrawing(state, shape)}
          onChange={(areas) => change({ areas })}
          problems={{ place: problems.get('areas:place'), drawn: problems.get('areas:drawn') }}
        />
        {summary && <SelectionSummary summary={summary} />}
        <div class="filter-export">
          {(['csv', 'xlsx', 'geojson'] as const).map((format) => (
            <button key={format} type="button" onClick={() => void services.exportSelection(format)}>
              导出 {format === 'csv' ? 'CSV' : format === 'xlsx' ? 'Excel' : 'GeoJSON'}
            </button>
          ))}
        </div>
        <fieldset class="filter-group">
          <legend>未选中的排污口</legend>
          <label class="filter-choice">
            <input type="radio" name="filter-display" checked={state.filterDisplay.value === 'fade'} onChange={() => setFilterDisplay(state, 'fade')} />
            淡化显示
          </label>
          <label class="filter-choice">
            <input type="radio" name="filter-display" checked={state.filterDisplay.value === 'hide'} onChange={() => setFilterDisplay(state, 'hide')} />
            不显示
          </label>
        </fieldset>
        <fieldset class="filter-group">
          <legend>同时限定</legend>
          <label class="filter-choice">
            <input type="checkbox" checked={scope.search} onChange={(e) => setFilterScope(state, { ...scope, search: e.currentTarget.checked })} />
            搜索结果
          </label>
          <label class="filter-choice">
            <input type="checkbox" checked={scope.nearby} onChange={(e) => setFilterScope(state, { ...scope, nearby: e.currentTarget.checked })} />
            附近排污口
          </label>
          <label class="filter-choice">
            <input type="checkbox" checked={scope.grid} onChange={(e) => setFilterScope(state, { ...scope, grid: e.currentTarget.checked })} />
            热点排名与火点（按空间范围）
          </label>
        </fieldset>
      </div>
    </section>
  );
}
