// 筛选 in the running app: whenever the filter or the data changes, evaluate the filter
// (src/spatial/filter/evaluate.ts, in a worker through ./filter_client.ts; the index is
// built once per loaded data) and put the selection in the state, which the map, the
// panel, the search box and the nearby list follow; and write the selection's files.

import { effect, signal, untracked } from '@preact/signals';
import type { CountyFeature, OutfallFeature, OutfallProperties, ParkFeature, ReservoirFeature, RiverFeature } from '../data/types';
import { tableToCsv, tablesToXlsx } from '../data/table_export';
import { isEmptyFilter } from '../spatial/filter/description';
import type { FilterIndex, FilterPlaces } from '../spatial/filter/evaluate';
import { selectedOf } from '../spatial/filter/summary';
import { checkFilter } from '../spatial/filter/validate';
import { addNotice, setAreaLimit, setOutfallSelection } from '../state/actions';
import type { AppState } from '../state/app_state';
import { readyFeatures, referenceDate } from '../state/selectors';
import { download } from '../ui/download';
import type { FilterServices } from '../ui/filter_panel/filter_services';
import { createFilterService } from './filter_client';
import type { FilterData, FilterService } from './filter_client';

const ids = (features: readonly { properties: unknown }[] | null, key: string): Set<string> =>
  new Set((features ?? []).map((f) => String((f.properties as Record<string, unknown>)[key])));

/** Keep state.outfallSelection in step with the filter; returns the panel's services. */
export function connectOutfallSelection(state: AppState, service: FilterService = createFilterService()): FilterServices {
  let noticed = '';
  // The engine on the main thread serves only 同时限定 (the grid's cells and the fire points are
  // tested against the area here); the outfalls are evaluated by the service, in its worker.
  const engine = signal<typeof import('../spatial/filter/evaluate') | null>(null);
  let loading = false;
  let placesIndex: { of: unknown[]; index: FilterIndex } | null = null;
  /** What the service evaluates over, kept while the layers stay the same objects (a new one is a new data version). */
  let data: { of: unknown[]; data: FilterData } | null = null;
  /**
   * Evaluated in a task of its own, after the input that changed the filter: a distance slider
   * dragged over 100,000 outfalls sends an input every few milliseconds, and the input's task
   * must stay short; inputs that come before the evaluation runs are evaluated once.
   */
  let scheduled: ReturnType<typeof setTimeout> | null = null;
  let lastInputs: unknown[] = [];
  /** Requests are numbered; an answer older than one already shown, or than the last clearing of the filter, is dropped. */
  let asked = 0;
  let shown = 0;
  effect(() => {
    // What the selection depends on; read here so that a change of any of them schedules it.
    void state.outfallFilter.value;
    void state.layerStatus.value;
    void state.filterScope.value;
    void engine.value;
    scheduled ??= setTimeout(() => {
      scheduled = null;
      untracked(apply);
    }, 0);
  });
  function apply(): void {
    const filter = state.outfallFilter.value;
    const outfalls = readyFeatures(state, 'outfalls') as OutfallFeature[] | null;
    const counties = readyFeatures(state, 'counties') as CountyFeature[] | null;
    const parks = readyFeatures(state, 'parks') as ParkFeature[] | null;
    const reservoirs = readyFeatures(state, 'reservoirs') as ReservoirFeature[] | null;
    const rivers = readyFeatures(state, 'rivers') as RiverFeature[] | null;
    const limitGrid = state.filterScope.value.grid;
    // Any layer's status change schedules this (the grid grows by 36 chunks): nothing it reads changed, nothing to do.
    const inputs = [filter, outfalls, counties, parks, reservoirs, rivers, limitGrid, engine.value];
    if (inputs.every((v, i) => v === lastInputs[i])) return;
    lastInputs = inputs;
    if (!outfalls || isEmptyFilter(filter)) {
      shown = asked;
      setOutfallSelection(state, null);
      setAreaLimit(state, null);
      return;
    }
    // A condition the user is still typing (a negative distance, dates the wrong way round) is
    // shown next to its control and not applied: the map keeps the last selection that made sense.
    const invalid = checkFilter(filter, {
      counties: ids(counties, 'code'),
      parks: ids(parks, 'id'),
      reservoirs: ids(reservoirs, 'id'),
      rivers: ids(rivers, 'id'),
    }).filter((p) => !p.unknownPlace);
    if (invalid.length > 0) {
      // From a link, with the panel closed, nothing would show why the map did not change.
      const said = invalid.map((p) => p.message).join('；');
      if (!state.filterPanelOpen.peek() && said !== noticed) addNotice(state, 'warning', `链接中的筛选条件有误，未应用：${said}`);
      noticed = said;
      return;
    }
    const places: FilterPlaces = { counties: counties ?? [], parks: parks ?? [], reservoirs: reservoirs ?? [], rivers: rivers ?? [] };
    const layers = [outfalls, counties, parks, reservoirs, rivers];
    if (!data || layers.some((d, i) => d !== data!.of[i])) data = { of: layers, data: { outfalls: outfalls.map((f) => f.properties), places } };
    const request = ++asked;
    service.evaluate(data.data, filter, referenceDate(state)).then(
      (answer) => {
        // Replaced before it was sent, or older than what is shown (or than clearing the filter).
        if (!answer || request <= shown) return;
        shown = request;
        setOutfallSelection(state, {
          matches: answer.matches,
          count: answer.count,
          problems: answer.unknown,
          summary: answer.summary,
          computed: answer.computed,
        });
        // A link naming a place this data set does not have: say so even with the panel closed, once.
        const said = answer.unknown.join('；');
        if (said && said !== noticed) addNotice(state, 'warning', `筛选条件中有无法识别的地点，按无结果处理：${said}`);
        noticed = said;
      },
      (error: unknown) => addNotice(state, 'error', `筛选失败：${error instanceof Error ? error.message : String(error)}`),
    );
    // The same area for the grid's ranking and the fire points, when 同时限定 asks for it.
    const areas = filter.areas ?? [];
    if (!limitGrid || areas.length === 0) return setAreaLimit(state, null);
    const { createFilterIndex, areaMatcher } = engine.value ?? {};
    if (!createFilterIndex || !areaMatcher) {
      if (!loading) {
        loading = true;
        import('../spatial/filter/evaluate')
          .then((module) => (engine.value = module))
          .catch((error: unknown) => addNotice(state, 'error', `筛选功能无法加载：${error instanceof Error ? error.message : String(error)}`));
      }
      return;
    }
    const placeLayers = [counties, parks, reservoirs, rivers];
    if (!placesIndex || placeLayers.some((d, i) => d !== placesIndex!.of[i])) placesIndex = { of: placeLayers, index: createFilterIndex([], places) };
    const matcher = areaMatcher(placesIndex.index, areas);
    setAreaLimit(state, { test: (lon, lat) => matcher.test(lon, lat) });
  }

  const selected = (): OutfallFeature[] => {
    const outfalls = (readyFeatures(state, 'outfalls') ?? []) as OutfallFeature[];
    const selection = state.outfallSelection.peek();
    return selection ? selectedOf(outfalls, selection.matches) : outfalls;
  };
  const stamp = () => `${referenceDate(state)}-${selected().length}个`;
  return {
    async exportSelection(format) {
      const features = selected();
      const { selectionGeoJson, selectionTable } = await import('../spatial/filter/selection_export');
      const parks = new Map(((readyFeatures(state, 'parks') ?? []) as ParkFeature[]).map((p) => [p.properties.id, p.properties.name]));
      const table = selectionTable(
        features.map((f) => f.properties as OutfallProperties),
        { parkName: (id) => parks.get(id) },
      );
      try {
        if (format === 'csv') download(new Blob([tableToCsv(table)], { type: 'text/csv;charset=utf-8' }), `排污口筛选结果-${stamp()}.csv`);
        else if (format === 'geojson')
          download(new Blob([selectionGeoJson(features, state.outfallFilter.peek())], { type: 'application/geo+json' }), `排污口筛选结果-${stamp()}.geojson`);
        else
          download(
            new Blob([(await tablesToXlsx([table])) as BlobPart], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
            `排污口筛选结果-${stamp()}.xlsx`,
          );
      } catch (error) {
        addNotice(state, 'error', `导出失败：${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}
