// What the 导入数据 panel asks for, done: the file read and checked in the import worker
// (import_client.ts) against the layers on screen, what replace or merge would change,
// and the result stored and shown (imports.ts).

import type { HotspotGrid } from '../data/hotspot_grid_format';
import type { CountyFeature, OutfallFeature, ParkFeature, StationFeature } from '../data/types';
import { validateLayer } from '../data/validate_layer';
import { missingRequiredFields } from '../import/column_mapping';
import { guessGridMapping } from '../import/grid_table';
import { guessStationMapping } from '../import/station_table';
import { rejectedRowsCsv } from '../import/rejected_csv';
import type { FeatureValidation, OutfallImportContext, ParsedImport, RejectedRow } from '../import/types';
import { COUNTIES } from '../layers/counties';
import { HOTSPOT_GRID } from '../layers/hotspot_grid';
import { OUTFALLS } from '../layers/outfalls';
import { PARKS } from '../layers/parks';
import { STATIONS } from '../layers/stations';
import { readyFeatures, readyLayer } from '../state/selectors';
import type { AppState } from '../state/app_state';
import type { CheckedImport, ImportServices, ImportTarget } from '../ui/import_panel/import_services';
import { createImportService } from './import_client';
import type { ImportActions } from './imports';

const n = (x: number) => x.toLocaleString('zh-CN');

/** A layer id of the import's own, unlike any of the data set's. */
const newLayerId = (): string => `import-${Date.now().toString(36)}`;

export function createImportServices(state: AppState, actions: ImportActions): ImportServices {
  const service = createImportService();
  let current: ParsedImport | null = null;
  // One context object per version of the layers: the worker is sent the counties' outlines only when they change.
  let context: { counties: unknown; parks: unknown; outfalls: unknown; value: OutfallImportContext } | null = null;
  const contextNow = (): OutfallImportContext => {
    const counties = readyFeatures(state, COUNTIES);
    const parks = readyFeatures(state, PARKS);
    const outfalls = outfallsNow();
    if (!counties) throw new Error('行政区划尚未加载，无法判断点位是否在平顶山市内：请稍候再试');
    if (context?.counties !== counties || context.parks !== parks || context.outfalls !== outfalls) {
      context = { counties, parks, outfalls, value: { counties: counties as CountyFeature[], parks: (parks ?? []) as ParkFeature[], current: outfalls } };
    }
    return context.value;
  };
  const NONE: OutfallFeature[] = [];
  const outfallsNow = (): OutfallFeature[] => (readyFeatures(state, OUTFALLS) ?? NONE) as OutfallFeature[];
  const gridNow = (): HotspotGrid | null => {
    const layer = readyLayer(state, HOTSPOT_GRID);
    return layer?.kind === 'grid' ? layer.grid : null;
  };

  return {
    async read(file, onProgress) {
      if (current) service.release(current);
      current = null;
      // Reading the bytes is quick; parsing is most of the work.
      current = await service.parse(file, (p) => onProgress(p.stage === 'reading' ? p.fraction * 0.2 : 0.2 + p.fraction * 0.8));
      return current;
    },
    missingFields(mapping, parsed) {
      return missingRequiredFields(mapping, parsed.preview.kind);
    },
    suggestTarget({ preview }) {
      if (preview.kind === 'features') return 'new';
      const grid = guessGridMapping(preview.headers);
      const pollutant = !!(grid.pm25 || grid.pm10 || grid.o3 || grid.no2);
      if (pollutant && grid.date && (grid.cellId || (grid.lon && grid.lat))) return 'grid';
      const station = guessStationMapping(preview.headers);
      if (pollutant && station.station && station.date) return 'stations';
      return 'outfalls';
    },
    async checkOutfalls(parsed, options) {
      return service.check(parsed, options, contextNow());
    },
    async checkFeatures(parsed, crs, target) {
      const checked = await service.validateFeatures(parsed, crs);
      return target.kind === 'layer' ? asLayerRecords(state, target.layerId, checked) : checked;
    },
    checkGrid(parsed) {
      return service.grid(parsed, { base: gridNow(), counties: contextNow().counties });
    },
    checkGeoTiff(file, choice) {
      return service.geotiff(file, { ...choice, base: gridNow(), counties: contextNow().counties });
    },
    checkStations(parsed) {
      return service.stations(parsed, (readyFeatures(state, STATIONS) ?? []) as StationFeature[]);
    },
    async apply(target, checked, mode, fileName) {
      // The outfalls after the import are made where the file is, as the bytes to store.
      const merged = checked.kind === 'outfalls' && current ? await service.merged(current, mode, contextNow()) : null;
      const text = await applyChecked(state, actions, target, checked, mode, fileName, merged?.bytes ?? null);
      if (current) service.release(current);
      current = null;
      return text;
    },
    undo(layerId) {
      return actions.undo(layerId);
    },
    async rejectedCsv(checked, parsed) {
      const type = 'text/csv;charset=utf-8';
      if (checked.kind === 'outfalls' && parsed) return new Blob([await service.rejectedCsv(parsed)], { type });
      const headers = parsed ? (parsed.preview.kind === 'table' ? parsed.preview.headers : parsed.preview.fields) : [];
      return new Blob([rejectedRowsCsv(headers, checked.validation.rejected)], { type });
    },
  };
}

/** A layer of the data set takes only features that are its records: the others are refused with the layer's own reason. */
function asLayerRecords(state: AppState, layerId: string, checked: FeatureValidation): FeatureValidation {
  const spec = state.layers.peek().find((l) => l.id === layerId);
  if (!spec) throw new Error('没有这个图层');
  const { collection, problems } = validateLayer(spec, checked.collection);
  const kept = new Set(collection.features);
  const refused: RejectedRow[] = checked.collection.features.flatMap((feature, i) => {
    if (kept.has(feature)) return [];
    const reason = problems.find((p) => p.includes(`第 ${i + 1} 条`)) ?? `不是${spec.title}的记录`;
    return [{ row: i + 1, values: Object.fromEntries(Object.entries(feature.properties ?? {}).map(([k, v]) => [k, String(v)])), reason }];
  });
  return { read: checked.read, collection, rejected: [...checked.rejected, ...refused].sort((a, b) => a.row - b.row) };
}

async function applyChecked(
  state: AppState,
  actions: ImportActions,
  target: ImportTarget,
  checked: CheckedImport,
  mode: 'replace' | 'merge',
  fileName: string,
  /** For outfalls: the layer after the import, as GeoJSON bytes (made in the import worker). */
  mergedBytes: ArrayBuffer | null,
): Promise<string> {
  const base = { fileName, mode, newLayer: false };
  const counts = (read: number, accepted: number, rejected: number) => ({ read, accepted, rejected, added: accepted, updated: 0, unchanged: 0, untouched: 0 });
  if (checked.kind === 'outfalls') {
    const { validation } = checked;
    const merged = validation.outcome;
    if (!mergedBytes) throw new Error('文件已不在内存中：请重新选择文件');
    await actions.apply({
      ...base,
      layerId: OUTFALLS,
      title: '排污口',
      counts: {
        read: validation.read,
        accepted: validation.accepted,
        rejected: validation.rejectedCount,
        added: merged.added,
        updated: merged.updated,
        unchanged: merged.unchanged,
        untouched: merged.untouched,
      },
      layer: { kind: 'bytes', format: 'geojson', bytes: mergedBytes },
    });
    return `已导入 ${n(validation.accepted)} 个排污口：新增 ${n(merged.added)} 个，更新 ${n(merged.updated)} 个，不变 ${n(merged.unchanged)} 个${
      mode === 'replace' ? `，删除文件中没有的 ${n(merged.untouched)} 个` : `，保留其余 ${n(merged.untouched)} 个`
    }`;
  }
  if (checked.kind === 'features') {
    const { validation } = checked;
    const accepted = validation.collection.features.length;
    if (target.kind === 'new-layer') {
      await actions.apply({
        ...base,
        mode: 'replace',
        newLayer: true,
        layerId: newLayerId(),
        title: target.title,
        counts: counts(validation.read, accepted, validation.rejected.length),
        layer: { kind: 'geojson', collection: validation.collection },
      });
      return `已导入新图层“${target.title}”：${n(accepted)} 个要素`;
    }
    if (target.kind !== 'layer') throw new Error('图形文件只能导入到图层');
    const spec = state.layers.peek().find((l) => l.id === target.layerId)!;
    const existing = mode === 'merge' ? (readyFeatures(state, target.layerId) ?? []) : [];
    await actions.apply({
      ...base,
      layerId: target.layerId,
      title: spec.title,
      counts: { ...counts(validation.read, accepted, validation.rejected.length), untouched: existing.length },
      layer: { kind: 'geojson', collection: { type: 'FeatureCollection', features: [...existing, ...validation.collection.features] } },
    });
    return `已导入${spec.title} ${n(accepted)} 个要素${mode === 'merge' ? `，保留原有 ${n(existing.length)} 个` : ''}`;
  }
  const { validation } = checked;
  if (checked.kind === 'grid') {
    if (!checked.validation.grid) throw new Error('没有可导入的数值');
    await actions.apply({
      ...base,
      mode: 'replace',
      layerId: HOTSPOT_GRID,
      title: '热点网格',
      counts: counts(validation.read, validation.accepted, validation.rejected.length),
      layer: { kind: 'grid', grid: checked.validation.grid },
    });
    const s = checked.validation.summary;
    return `已导入热点网格：${s ? `${s.firstDate} 至 ${s.lastDate}，${n(s.cells)} 个网格` : ''}（${n(validation.accepted)} 行）`;
  }
  await actions.apply({
    ...base,
    mode: 'replace',
    layerId: STATIONS,
    title: '国控站点',
    counts: counts(validation.read, validation.accepted, validation.rejected.length),
    layer: { kind: 'geojson', collection: { type: 'FeatureCollection', features: checked.validation.stations } },
  });
  return `已导入站点逐日数据：更新 ${checked.validation.updated.map((u) => u.name).join('、')}（${n(validation.accepted)} 行）`;
}
