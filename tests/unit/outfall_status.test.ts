// Issue 14, status at a glance and the inspection flow, in Node: how many days an outfall is
// overdue, the 按整治状态 paint evaluated the way MapLibre evaluates it, the search's count of
// matches, the field marks' points, and the map following 排污口着色.
import { describe, expect, it } from 'vitest';
import { expression, latest } from '@maplibre/maplibre-gl-style-spec';
import type { StylePropertySpecification } from '@maplibre/maplibre-gl-style-spec';
import type { FeatureCollection } from 'geojson';
import type { OutfallProperties } from '../../src/data/types';
import { isOverdue, overdueDays } from '../../src/spatial/filter/description';
import { OUTFALLS, OUTFALLS_CIRCLE, describeOutfall, outfallPaint, outfallsLayer, overdueExpression } from '../../src/layers/outfalls';
import { OUTFALL_LEGEND, OUTFALL_OVERDUE_COLOUR, OUTFALL_STATUS_COLOURS, OUTFALL_STATUS_LEGEND } from '../../src/symbology/colours';
import { createOutfallSearch, searchOutfalls, searchOutfallsCounted, normaliseSearchText } from '../../src/spatial/outfall_search';
import { inspectedOutfallPoints, nearbyNumberPoints } from '../../src/app/field_marks';
import { bindMapToState } from '../../src/app/bind_map';
import type { MapPort } from '../../src/app/bind_map';
import { createAppState } from '../../src/state/app_state';
import { setLayerStatus, setManifest, setOutfallColouring } from '../../src/state/actions';
import { slimSourceData } from '../../src/map/slim_source';
import type { InspectionRecord } from '../../src/data/inspections/inspection';
import { makeOutfall } from './helpers/make_outfall';
import { readLayerContent, readManifest } from '../helpers/data_files';

const manifest = readManifest();
const content = readLayerContent(manifest.layers.find((l) => l.id === OUTFALLS)!);
if (content.kind !== 'geojson') throw new Error('outfalls are GeoJSON');
const realOutfalls = content.collection.features.map((f) => f.properties as OutfallProperties);
/** The day the demo set's 逾期 counts from: its data date. */
const DATA_DATE = manifest.dataDate;

describe('逾期: days past the remediation deadline', () => {
  it('counts calendar days from the deadline to the reference date', () => {
    expect(overdueDays({ remediationStatus: '整治中', remediationDeadline: '2025-07-21' }, '2025-09-16')).toBe(57);
    expect(overdueDays({ remediationStatus: '未启动', remediationDeadline: '2025-09-15' }, '2025-09-16')).toBe(1);
    // Over a leap day and a year end.
    expect(overdueDays({ remediationStatus: '未启动', remediationDeadline: '2024-02-28' }, '2024-03-01')).toBe(2);
    expect(overdueDays({ remediationStatus: '未启动', remediationDeadline: '2024-12-31' }, '2025-01-01')).toBe(1);
  });

  it('is 0 for an outfall that is done, due today or later, or has no deadline (an imported ledger)', () => {
    expect(overdueDays({ remediationStatus: '已完成', remediationDeadline: '2025-06-14' }, '2025-09-16')).toBe(0);
    expect(overdueDays({ remediationStatus: '整治中', remediationDeadline: '2025-09-16' }, '2025-09-16')).toBe(0);
    expect(overdueDays({ remediationStatus: '整治中', remediationDeadline: '2026-01-01' }, '2025-09-16')).toBe(0);
    expect(overdueDays({ remediationStatus: '未填', remediationDeadline: '' }, '2025-09-16')).toBe(0);
  });

  it('agrees with 筛选 (isOverdue) on every outfall of the demo set', () => {
    const overdue = realOutfalls.filter((o) => overdueDays(o, DATA_DATE) > 0);
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.length).toBe(realOutfalls.filter((o) => isOverdue(o, DATA_DATE)).length);
  });

  it('puts 逾期 N 天 on the card of an overdue outfall, and nothing on one that is done', () => {
    const card = (p: OutfallProperties) => describeOutfall(p, { parkName: () => undefined, countOutfalls: () => undefined, today: '2025-09-16' });
    const late = card(makeOutfall({ code: 'A', remediationStatus: '整治中', remediationDeadline: '2025-07-21' }));
    expect(late.rows).toContainEqual(['整治逾期', '逾期 57 天']);
    expect(late.progress?.find((s) => s.step === '治')?.text).toContain('逾期 57 天');
    const done = card(makeOutfall({ code: 'B', remediationStatus: '已完成', remediationDeadline: '2025-06-14' }));
    expect(JSON.stringify(done)).not.toContain('逾期');
    // Without a reference date (a context that does not know it) the card says nothing of 逾期.
    const unknown = describeOutfall(makeOutfall({ code: 'C', remediationStatus: '整治中', remediationDeadline: '2025-07-21' }), {
      parkName: () => undefined,
      countOutfalls: () => undefined,
    });
    expect(JSON.stringify(unknown)).not.toContain('逾期');
  });
});

// ---- the paint, evaluated as MapLibre does --------------------------------------------

const circleSpec = (property: string) => (latest as unknown as Record<string, Record<string, StylePropertySpecification>>).paint_circle[property];

function compile(property: string, value: unknown) {
  const compiled = expression.createPropertyExpression(value, property, circleSpec(property));
  if (compiled.result !== 'success') throw new Error(`${property}: ${JSON.stringify(compiled.value)}`);
  return compiled.value;
}

type Rgba = { r: number; g: number; b: number; a: number };
/** A colour MapLibre evaluated (premultiplied) as '#rrggbb' and its alpha. */
function hexOf(colour: Rgba): { hex: string; alpha: number } {
  const channel = (x: number) =>
    Math.round((colour.a === 0 ? 0 : x / colour.a) * 255)
      .toString(16)
      .padStart(2, '0');
  return { hex: `#${channel(colour.r)}${channel(colour.g)}${channel(colour.b)}`, alpha: colour.a };
}

/** Evaluate one paint property for a feature with these properties at `zoom`, with feature-state v (筛选) if given. */
function evaluate(property: string, value: unknown, props: Partial<OutfallProperties>, zoom: number, v?: number): unknown {
  const feature = { type: 'Point', properties: props } as never;
  return compile(property, value).evaluate({ zoom }, feature, v === undefined ? {} : { v });
}

const statusPaint = outfallPaint({ outfallColouring: 'status', today: '2025-09-16' });
const categoryPaint = outfallPaint({ outfallColouring: 'category', today: '2025-09-16' });

describe('按整治状态: the outfalls coloured by remediation status, 逾期 ringed in red', () => {
  it('colours each status, and 未填, in its legend colour', () => {
    for (const status of ['未启动', '整治中', '已完成', '未填'] as const) {
      const colour = hexOf(evaluate('circle-color', statusPaint['circle-color'], { remediationStatus: status, remediationDeadline: '2026-06-30' }, 12) as Rgba);
      expect(colour, status).toEqual({ hex: OUTFALL_STATUS_COLOURS[status], alpha: 1 });
      expect(OUTFALL_STATUS_LEGEND.some((e) => e.colour === OUTFALL_STATUS_COLOURS[status])).toBe(true);
    }
    // A status the legend does not know (a later ledger's) reads as 未填, not as a colour of its own.
    expect(hexOf(evaluate('circle-color', statusPaint['circle-color'], { remediationStatus: '待定' as never }, 12) as Rgba).hex).toBe(
      OUTFALL_STATUS_COLOURS['未填'],
    );
  });

  it('rings an outfall past its deadline and not done in red, at city zoom as well as street zoom; the others keep the white edge', () => {
    const late = { remediationStatus: '整治中', remediationDeadline: '2025-07-21' } as const;
    const stroke = (props: Partial<OutfallProperties>, zoom: number) => ({
      colour: hexOf(evaluate('circle-stroke-color', statusPaint['circle-stroke-color'], props, zoom) as Rgba).hex,
      width: evaluate('circle-stroke-width', statusPaint['circle-stroke-width'], props, zoom) as number,
    });
    expect(stroke(late, 9)).toEqual({ colour: OUTFALL_OVERDUE_COLOUR, width: 1.2 });
    expect(stroke(late, 16).width).toBe(3);
    // Done, due later, due today, no deadline: no ring (no edge at city zoom, the white one from street zoom).
    for (const props of [
      { remediationStatus: '已完成', remediationDeadline: '2025-06-14' },
      { remediationStatus: '整治中', remediationDeadline: '2026-01-01' },
      { remediationStatus: '未启动', remediationDeadline: '2025-09-16' },
      { remediationStatus: '未填', remediationDeadline: '' },
    ] as const) {
      expect(stroke(props, 9), JSON.stringify(props)).toEqual({ colour: '#ffffff', width: 0 });
      expect(stroke(props, 16).width).toBe(1);
    }
  });

  it('rings exactly the outfalls 筛选 counts as overdue, over the whole demo set', () => {
    const overdue = compile('circle-stroke-color', statusPaint['circle-stroke-color']);
    const ringed = realOutfalls.filter(
      (o) => hexOf(overdue.evaluate({ zoom: 12 }, { type: 'Point', properties: o } as never) as Rgba).hex === OUTFALL_OVERDUE_COLOUR,
    );
    expect(ringed.map((o) => o.code)).toEqual(realOutfalls.filter((o) => isOverdue(o, DATA_DATE)).map((o) => o.code));
    // The same expression on its own, as a boolean.
    const test = expression.createExpression(overdueExpression(DATA_DATE), 'filter', { type: 'boolean' } as never);
    if (test.result !== 'success') throw new Error('overdue expression does not compile');
    expect(realOutfalls.filter((o) => test.value.evaluate({ zoom: 12 }, { type: 'Point', properties: o } as never)).length).toBe(ringed.length);
  });

  it('still fades and hides under 筛选 through the feature value, in either colouring', () => {
    const props = { remediationStatus: '整治中', category: '工业排污口' } as const;
    for (const paint of [statusPaint, categoryPaint]) {
      expect(hexOf(evaluate('circle-color', paint['circle-color'], props, 12, 0) as Rgba).alpha).toBeCloseTo(0.15, 2);
      expect(hexOf(evaluate('circle-color', paint['circle-color'], props, 12, -1) as Rgba).alpha).toBe(0);
    }
  });

  it('reads feature-state in only two paint properties of the circle, in either colouring (a 筛选 step re-evaluates every one that does)', () => {
    for (const outfallColouring of ['category', 'status'] as const) {
      const bundle = outfallsLayer.bundle(content, { gridView: null, period: null, outfallColouring, today: DATA_DATE });
      const circle = bundle.layers.find((l) => l.id === OUTFALLS_CIRCLE) as { paint: Record<string, unknown> };
      const stateDependent = Object.entries(circle.paint)
        .filter(([property, value]) => (compile(property, value) as { isStateDependent?: boolean }).isStateDependent)
        .map(([property]) => property)
        .sort();
      expect(stateDependent, outfallColouring).toEqual(['circle-color', 'circle-stroke-opacity']);
    }
  });

  it('gives the map the status and deadline only when it colours by them (the map copy of 100,000 outfalls stays slim otherwise)', () => {
    const propsOnMap = (outfallColouring: 'category' | 'status') => {
      const bundle = outfallsLayer.bundle(content, { gridView: null, period: null, outfallColouring, today: DATA_DATE });
      const slim = slimSourceData(
        bundle.sources[OUTFALLS].type === 'geojson' ? bundle.sources[OUTFALLS].data : null,
        OUTFALLS,
        bundle.layers,
      ) as FeatureCollection;
      return Object.keys(slim.features[0].properties ?? {}).sort();
    };
    expect(propsOnMap('category')).toEqual(['category']);
    expect(propsOnMap('status')).toEqual(['remediationDeadline', 'remediationStatus']);
    expect(outfallsLayer.bundleKey?.({ gridView: null, period: null, outfallColouring: 'status' })).not.toBe(
      outfallsLayer.bundleKey?.({ gridView: null, period: null, outfallColouring: 'category' }),
    );
  });

  it('has a legend that follows the switch', () => {
    expect(outfallsLayer.legendFor?.({ gridView: null, period: null })).toEqual(OUTFALL_LEGEND);
    const legend = outfallsLayer.legendFor?.({ gridView: null, period: null, outfallColouring: 'status' });
    expect(legend).toEqual(OUTFALL_STATUS_LEGEND);
    expect(legend?.map((e) => e.label)).toEqual(['未启动', '整治中', '已完成', '整治状态未填', '逾期未完成（红圈）']);
  });
});

describe('the map follows 排污口着色', () => {
  it('rebuilds the outfalls source once per switch and sets the status paint with the data date as the day 逾期 counts from', async () => {
    const state = createAppState();
    const paint: { mapLayer: string; property: string; value: unknown }[] = [];
    let rebuilt = 0;
    const port = {
      addBundle: async () => undefined,
      updateBundle: () => void rebuilt++,
      setPaint: (mapLayer: string, property: string, value: unknown) => void paint.push({ mapLayer, property, value }),
      setFeatureValues: () => undefined,
      whenIdle: async () => undefined,
      whenDrawn: async () => undefined,
      onDrawingChange: () => () => undefined,
    };
    // Every other call of the port does nothing here.
    const map = new Proxy(port, { get: (target, key) => (target as Record<string | symbol, unknown>)[key] ?? (() => undefined) }) as unknown as MapPort;
    bindMapToState(state, map);
    setManifest(state, manifest);
    setLayerStatus(state, OUTFALLS, { state: 'ready', layer: content, problems: [] });
    await new Promise((resolve) => setTimeout(resolve, 0));
    const colourNow = () => paint.filter((p) => p.mapLayer === OUTFALLS_CIRCLE && p.property === 'circle-color').at(-1)?.value;
    expect(colourNow()).toEqual(categoryPaint['circle-color']);
    expect(rebuilt).toBe(0);

    setOutfallColouring(state, 'status');
    expect(rebuilt).toBe(1);
    expect(colourNow()).toEqual(statusPaint['circle-color']);
    const stroke = paint.filter((p) => p.property === 'circle-stroke-color').at(-1)?.value;
    expect(JSON.stringify(stroke)).toContain(`"${DATA_DATE}"`);

    setOutfallColouring(state, 'category');
    expect(rebuilt).toBe(2);
    expect(colourNow()).toEqual(categoryPaint['circle-color']);
  });
});

// ---- search: how many matched --------------------------------------------------------

describe('search counts every match, not only those it lists', () => {
  const search = createOutfallSearch(realOutfalls);
  /** The rule of the search for a query of Chinese characters: some field contains it. */
  const naiveCount = (query: string) =>
    realOutfalls.filter((o) =>
      [o.code, o.name, o.township, o.river, o.responsibleUnit].some((f) => normaliseSearchText(f).includes(normaliseSearchText(query))),
    ).length;

  it('says how many outfalls match 湛河, more than the 20 it lists', () => {
    const { results, total } = searchOutfallsCounted(search, '湛河', 20);
    expect(total).toBe(naiveCount('湛河'));
    expect(total).toBeGreaterThan(20);
    expect(results).toHaveLength(20);
    // The same 20 the uncounted search gives, and the rest reachable with a larger limit.
    expect(results).toEqual(searchOutfalls(search, '湛河', 20));
    expect(searchOutfallsCounted(search, '湛河', total + 10).results).toHaveLength(total);
  });

  it('counts the same whether a query was typed on from a shorter one (the memo) or asked afresh', () => {
    for (const query of ['沙', '沙河', '沙河镇', '河', '污水', 'PDS-SH']) {
      const typed = searchOutfallsCounted(search, query, 5).total;
      search.recent.length = 0;
      expect(searchOutfallsCounted(search, query, 5).total, query).toBe(typed);
    }
    expect(searchOutfallsCounted(search, '   ', 20)).toEqual({ results: [], total: 0 });
  });
});

// ---- the field marks ----------------------------------------------------------------

describe('field marks on the map', () => {
  const record = (uuid: string, outfallCode: string) => ({ uuid, outfallCode }) as InspectionRecord;
  const feature = (p: OutfallProperties) => ({ type: 'Feature' as const, properties: p, geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] } });

  it('marks each inspected outfall once, and none that is not in the loaded data', () => {
    const a = makeOutfall({ code: 'A', lon: 113.1, lat: 33.6 });
    const b = makeOutfall({ code: 'B', lon: 113.2, lat: 33.7 });
    const points = inspectedOutfallPoints([record('1', 'A'), record('2', 'A'), record('3', 'X')], [feature(a), feature(b)]);
    expect(points).toEqual([{ lon: 113.1, lat: 33.6 }]);
    expect(inspectedOutfallPoints([], [feature(a)])).toEqual([]);
  });

  it('numbers the nearby list from 1, nearest first, where each listed outfall is', () => {
    const entries = [makeOutfall({ code: 'N1', lon: 1, lat: 2 }), makeOutfall({ code: 'N2', lon: 3, lat: 4 })].map((outfall, i) => ({
      outfall,
      distanceM: i * 10,
      direction: '北',
    }));
    expect(nearbyNumberPoints(entries)).toEqual([
      { lon: 1, lat: 2, n: 1 },
      { lon: 3, lat: 4, n: 2 },
    ]);
    expect(nearbyNumberPoints(null)).toEqual([]);
  });
});
