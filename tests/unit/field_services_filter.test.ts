// 筛选's 同时限定: the search box and 附近排污口 keep to the selection when the user ticks them,
// and list every outfall otherwise.
import { describe, expect, it } from 'vitest';
import { createFieldServices } from '../../src/app/field_services';
import type { OutfallProperties } from '../../src/data/types';
import { setFilterScope, setLayerStatus, setOutfallSelection, setPosition } from '../../src/state/actions';
import { createAppState } from '../../src/state/app_state';
import { summariseSelection } from '../../src/spatial/filter/summary';
import { readLayerContent, readManifest } from '../helpers/data_files';

const entry = readManifest().layers.find((l) => l.id === 'outfalls')!;
const content = readLayerContent(entry);
if (content.kind !== 'geojson') throw new Error('outfalls are GeoJSON');
const outfalls = content.collection.features.map((f) => f.properties as OutfallProperties);

const selected = (o: OutfallProperties) => o.remediationStatus === '未启动';

function setUp() {
  const state = createAppState();
  setLayerStatus(state, 'outfalls', { state: 'ready', layer: content, problems: [] });
  // The selection: the outfalls whose remediation has not started.
  const matches = Uint8Array.from(outfalls, (o) => (selected(o) ? 1 : 0));
  setOutfallSelection(state, {
    matches,
    count: matches.reduce((s, v) => s + v, 0),
    problems: [],
    summary: summariseSelection(outfalls, matches, '2025-09-16'),
    computed: 'main',
  });
  return { state, services: createFieldServices(state) };
}

describe('同时限定 the search box and 附近排污口', () => {
  it('search lists only selected outfalls when asked, the best of them, and every kind otherwise', () => {
    const { state, services } = setUp();
    const query = '沙河';
    const all = services.search(query, 20).hits;
    setFilterScope(state, { search: true, nearby: false, grid: false });
    const kept = services.search(query, 20).hits;
    // The unfiltered best 20 hold selected outfalls and others; the river has more selected ones than those.
    const selectedAmongAll = all.filter((h) => selected(h.outfall)).map((h) => h.outfall.code);
    expect(selectedAmongAll.length).toBeGreaterThan(0);
    expect(selectedAmongAll.length).toBeLessThan(all.length);
    expect(kept).toHaveLength(20);
    expect(kept.every((h) => selected(h.outfall))).toBe(true);
    // The best of the selection, not of all: the selected ones among the unfiltered best come first, in the same order, then more.
    expect(kept.slice(0, selectedAmongAll.length).map((h) => h.outfall.code)).toEqual(selectedAmongAll);
  });

  it('附近排污口 lists the nearest selected outfalls when asked', () => {
    const { state, services } = setUp();
    const somewhere = outfalls.find((o) => !selected(o))!;
    setPosition(state, { lon: somewhere.lon, lat: somewhere.lat, accuracyM: 10, at: 0 });
    const all = services.nearby.value!;
    expect(all[0].outfall.code).toBe(somewhere.code);
    setFilterScope(state, { search: false, nearby: true, grid: false });
    const kept = services.nearby.value!;
    expect(kept).toHaveLength(20);
    expect(kept.every((e) => selected(e.outfall))).toBe(true);
    // Nearest first: no industrial outfall left out is nearer than the last one listed.
    const distance = (o: OutfallProperties) => Math.hypot((o.lon - somewhere.lon) * Math.cos((somewhere.lat * Math.PI) / 180), o.lat - somewhere.lat);
    const listed = new Set(kept.map((e) => e.outfall.code));
    const farthest = Math.max(...kept.map((e) => distance(e.outfall)));
    expect(outfalls.filter((o) => selected(o) && !listed.has(o.code)).every((o) => distance(o) >= farthest - 1e-9)).toBe(true);
  });
});
