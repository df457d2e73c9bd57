// The selection's figures against plain counts over the committed outfalls.
import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from 'geojson';
import { readDataContent, readManifest } from '../helpers/data_files';
import { selectedOf, summariseSelection } from '../../src/spatial/filter/summary';
import { OUTFALL_CATEGORIES, REMEDIATION_STATUSES } from '../../src/data/types';
import { OUTFALL_STAGES } from '../../src/spatial/filter/description';
import type { OutfallProperties } from '../../src/data/types';
import { makeOutfall } from './helpers/make_outfall';

const manifest = readManifest();
const outfalls = (JSON.parse(readDataContent(manifest.layers.find((l) => l.id === 'outfalls')!.file).toString('utf8')) as FeatureCollection).features.map(
  (f) => f.properties as OutfallProperties,
);
const counties = (JSON.parse(readDataContent('counties.geojson.gz').toString('utf8')) as FeatureCollection).features.map(
  (f) => f.properties as { code: string; name: string },
);
const today = manifest.dataDate;

/** 叶县 and 鲁山县's outfalls surveyed in 2024, and every 工业排污口 anywhere. */
const chosen = (o: OutfallProperties) =>
  ((o.countyCode === '410422' || o.countyCode === '410423') && o.surveyDate >= '2024-01-01' && o.surveyDate <= '2024-12-31') || o.category === '工业排污口';

describe('summariseSelection', () => {
  const mask = Uint8Array.from(outfalls, (o) => (chosen(o) ? 1 : 0));
  const summary = summariseSelection(outfalls, mask, today);
  const selected = outfalls.filter(chosen);

  it('counts what a plain count over data/outfalls.geojson counts', () => {
    expect(outfalls).toHaveLength(3090);
    expect(summary.total).toBe(3090);
    expect(summary.count).toBe(selected.length);
    expect(summary.count).toBeGreaterThan(300);
    expect(summary.count).toBeLessThan(3090);

    expect(summary.byCategory).toEqual(OUTFALL_CATEGORIES.map((c) => ({ key: c, label: c, count: selected.filter((o) => o.category === c).length })));
    expect(summary.byStatus).toEqual(REMEDIATION_STATUSES.map((s) => ({ key: s, label: s, count: selected.filter((o) => o.remediationStatus === s).length })));
    const overdue = selected.filter((o) => o.remediationStatus !== '已完成' && o.remediationDeadline < today).length;
    expect(summary.overdue).toBe(overdue);
    expect(overdue).toBeGreaterThan(0);

    // 查-测-溯-治: the furthest step, spelled out.
    const stage = (o: OutfallProperties) => (o.remediationStatus === '已完成' ? '治' : o.traced ? '溯' : o.monitored ? '测' : '查');
    expect(summary.byStage).toEqual(OUTFALL_STAGES.map((s) => ({ key: s, label: s, count: selected.filter((o) => stage(o) === s).length })));
    expect(summary.byStage.every((r) => r.count > 0)).toBe(true);

    const perCounty = counties
      .map(({ code, name }) => ({ key: code, label: name, count: selected.filter((o) => o.countyCode === code).length }))
      .filter((c) => c.count > 0);
    expect(summary.byCounty).toHaveLength(perCounty.length);
    expect(new Set(summary.byCounty.map((c) => JSON.stringify(c)))).toEqual(new Set(perCounty.map((c) => JSON.stringify(c))));
    expect(summary.byCounty.reduce((sum, c) => sum + c.count, 0)).toBe(summary.count);
  });

  it('orders the counties by count, most first', () => {
    const counts = summary.byCounty.map((c) => c.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(summary.byCounty[0].key).toBe('410422');
    expect(summary.byCounty[0].label).toBe('叶县');
  });

  it('takes a boolean[] as well as a Uint8Array, and picks the same outfalls', () => {
    const booleans = outfalls.map(chosen);
    expect(summariseSelection(outfalls, booleans, today)).toEqual(summary);
    expect(selectedOf(outfalls, mask)).toEqual(selected);
  });

  it('gives every category and status, zeros included, for an empty selection; all of the data for a full one', () => {
    const none = summariseSelection(outfalls, new Uint8Array(outfalls.length), today);
    expect(none).toMatchObject({ count: 0, total: 3090, overdue: 0, byCounty: [] });
    expect(none.byCategory.map((r) => [r.key, r.count])).toEqual(OUTFALL_CATEGORIES.map((c) => [c, 0]));
    expect(none.byStatus.map((r) => [r.key, r.count])).toEqual(REMEDIATION_STATUSES.map((s) => [s, 0]));

    const all = summariseSelection(outfalls, new Uint8Array(outfalls.length).fill(1), today);
    expect(all.count).toBe(3090);
    expect(all.byStatus.map((r) => r.count)).toEqual([493, 1169, 1428]);
    expect(all.byCategory.map((r) => r.count)).toEqual([445, 75, 1160, 1410]);
  });

  it('puts a value outside the defined list after the defined ones, and refuses a mask of the wrong length', () => {
    const odd = [
      makeOutfall({ code: 'A' }),
      makeOutfall({ code: 'B', category: '雨水口' as never }),
      makeOutfall({ code: 'C', remediationStatus: '暂停' as never }),
    ];
    const s = summariseSelection(odd, [true, true, true], '2025-01-01');
    expect(s.byCategory.map((r) => r.key)).toEqual([...OUTFALL_CATEGORIES, '雨水口']);
    expect(s.byStatus.map((r) => r.key)).toEqual([...REMEDIATION_STATUSES, '暂停']);
    expect(() => summariseSelection(odd, [true, true], '2025-01-01')).toThrow();
    expect(() => selectedOf(odd, [true])).toThrow();
  });

  it('counts as overdue only what is past its deadline and not done, on the given day', () => {
    const three = [
      makeOutfall({ code: 'A', remediationDeadline: '2025-06-30', remediationStatus: '整治中' }),
      makeOutfall({ code: 'B', remediationDeadline: '2025-06-30', remediationStatus: '已完成' }),
      makeOutfall({ code: 'C', remediationDeadline: '2025-12-31', remediationStatus: '未启动' }),
    ];
    expect(summariseSelection(three, [1, 1, 1], '2025-06-30').overdue).toBe(0);
    expect(summariseSelection(three, [1, 1, 1], '2025-07-01').overdue).toBe(1);
    expect(summariseSelection(three, [0, 1, 1], '2026-01-01').overdue).toBe(1);
  });
});
