// Comparing two periods of the hotspot grid (变化) against a plain reference written
// here with loops over cells and days: each cell's change ratio, the ranking of the
// largest increases and the city-wide change, on a hand-made grid (cells clouded in
// one period or the other, a base of 0 µg/m³, a tie, a day clouded everywhere), a
// seeded random grid and the committed data. Then the layer and the ranking built on
// them: the map's values, legend and note, and the 变化排名 table.
import { readFileSync } from 'node:fs';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { GRID_NO_DATA, POLLUTANTS, decodeHotspotGrid, type HotspotGrid, type Pollutant } from '../../src/data/hotspot_grid_format';
import { cityChange, periodChange, rankChanges, type CellChange } from '../../src/spatial/grid_change';
import type { Period } from '../../src/spatial/grid_stats';
import { hotspotGridLayer } from '../../src/layers/hotspot_grid';
import { buildHotspotRanking } from '../../src/layers/hotspot_ranking';
import { comparisonPeriod, firstGridView, type GridView } from '../../src/layers/grid_view';
import type { CardContext } from '../../src/layers/card';

const N = GRID_NO_DATA;
const TOLERANCE = 1e-4;

// ---------------------------------------------------------------------------
// Reference: the obvious loops, in doubles, straight from the file layout.
// ---------------------------------------------------------------------------

/** The cell's township straight from the arrays: '' for a grid without townships. */
const townshipOf = (grid: HotspotGrid, c: number): string => (grid.cellTownship ? grid.header.townships![grid.cellTownship[c]] : '');

const at = (grid: HotspotGrid, p: number, d: number, c: number): number => grid.values[(p * grid.header.days + d) * grid.header.cellCount + c];

/** The mean of a cell's valid days in the period, or null. */
function refMean(grid: HotspotGrid, pollutant: Pollutant, period: Period, c: number): number | null {
  const p = grid.header.pollutants.indexOf(pollutant);
  let sum = 0;
  let days = 0;
  for (let d = period.first; d <= period.last; d++) {
    const v = at(grid, p, d, c);
    if (v === N) continue;
    sum += v;
    days++;
  }
  return days > 0 ? sum / days : null;
}

function refRatios(grid: HotspotGrid, pollutant: Pollutant, period: Period, base: Period): number[] {
  const out: number[] = [];
  for (let c = 0; c < grid.header.cellCount; c++) {
    const now = refMean(grid, pollutant, period, c);
    const before = refMean(grid, pollutant, base, c);
    out.push(now === null || before === null || before === 0 ? NaN : now / before - 1);
  }
  return out;
}

function refRanking(grid: HotspotGrid, pollutant: Pollutant, period: Period, base: Period): CellChange[] {
  const rows: CellChange[] = [];
  for (let c = 0; c < grid.header.cellCount; c++) {
    const mean = refMean(grid, pollutant, period, c);
    const baseMean = refMean(grid, pollutant, base, c);
    if (mean === null || baseMean === null) continue;
    rows.push({
      index: c,
      cellId: grid.cellIds[c],
      county: grid.header.counties[grid.cellCounty[c]].name,
      township: townshipOf(grid, c),
      mean,
      baseMean,
      difference: mean - baseMean,
      ratio: baseMean === 0 ? null : mean / baseMean - 1,
    });
  }
  return rows.sort((a, b) => (a.difference !== b.difference ? b.difference - a.difference : a.cellId - b.cellId));
}

function refCityMean(grid: HotspotGrid, pollutant: Pollutant, period: Period): number | null {
  const means: number[] = [];
  for (let c = 0; c < grid.header.cellCount; c++) {
    const m = refMean(grid, pollutant, period, c);
    if (m !== null) means.push(m);
  }
  return means.length ? means.reduce((a, b) => a + b, 0) / means.length : null;
}

// ---------------------------------------------------------------------------
// Comparisons
// ---------------------------------------------------------------------------

const near = (actual: number | null, expected: number | null, what: string): void => {
  if (expected === null || actual === null) {
    expect(actual, what).toBe(expected);
    return;
  }
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(TOLERANCE);
};

const label = (pollutant: Pollutant, period: Period, base: Period) => `${pollutant} [${period.first}, ${period.last}] vs [${base.first}, ${base.last}]`;

function expectRatiosMatch(grid: HotspotGrid, pollutant: Pollutant, period: Period, base: Period): void {
  const ratios = periodChange(grid, pollutant, period, base);
  expect(ratios.length).toBe(grid.header.cellCount);
  refRatios(grid, pollutant, period, base).forEach((r, c) => {
    const what = `${label(pollutant, period, base)} cell ${c}`;
    if (Number.isNaN(r)) expect(ratios[c], what).toBeNaN();
    else near(ratios[c], r, what);
  });
}

/**
 * The ranking against the reference's. Means are float32 (periodMeans), so rises equal
 * in exact arithmetic (say three cells each down 10/3 µg/m³) may differ in the last
 * bits here and in the doubles of the reference, in either direction: compare the
 * rise at each rank within TOLERANCE, and each row's figures with its own cell's,
 * rather than the order of near-equal rises. Rises equal as computed go by cell id.
 */
function expectRankingMatches(grid: HotspotGrid, pollutant: Pollutant, period: Period, base: Period, limit: number): void {
  const rows = rankChanges(grid, pollutant, period, base, limit);
  const ref = refRanking(grid, pollutant, period, base);
  const byIndex = new Map(ref.map((r) => [r.index, r]));
  const what = `${label(pollutant, period, base)} top ${limit}`;
  expect(rows.length, what).toBe(Math.min(limit, ref.length));
  expect(new Set(rows.map((r) => r.index)).size, `${what}: each cell once`).toBe(rows.length);
  rows.forEach((row, i) => {
    const cell = byIndex.get(row.index);
    expect(cell, `${what} row ${i}: a cell with a value in both periods`).toBeDefined();
    expect({ cellId: row.cellId, county: row.county, township: row.township }, `${what} row ${i}`).toEqual({
      cellId: cell!.cellId,
      county: cell!.county,
      township: cell!.township,
    });
    near(row.mean, cell!.mean, `${what} row ${i} mean`);
    near(row.baseMean, cell!.baseMean, `${what} row ${i} base mean`);
    near(row.difference, cell!.difference, `${what} row ${i} difference`);
    near(row.ratio, cell!.ratio, `${what} row ${i} ratio`);
    near(row.difference, ref[i].difference, `${what} rise at rank ${i + 1}`);
    if (i > 0) {
      const previous = rows[i - 1];
      expect(row.difference, `${what} row ${i} descending`).toBeLessThanOrEqual(previous.difference);
      if (row.difference === previous.difference) expect(row.cellId, `${what} row ${i} tie by cell id`).toBeGreaterThan(previous.cellId);
    }
  });
}

function expectCityMatches(grid: HotspotGrid, pollutant: Pollutant, period: Period, base: Period): void {
  const city = cityChange(grid, pollutant, period, base);
  const mean = refCityMean(grid, pollutant, period);
  const baseMean = refCityMean(grid, pollutant, base);
  const what = `${label(pollutant, period, base)} city`;
  near(city.mean, mean, `${what} mean`);
  near(city.baseMean, baseMean, `${what} base mean`);
  near(city.difference, mean === null || baseMean === null ? null : mean - baseMean, `${what} difference`);
  near(city.ratio, mean === null || baseMean === null || baseMean === 0 ? null : mean / baseMean - 1, `${what} ratio`);
}

function expectAllMatch(grid: HotspotGrid, pollutant: Pollutant, period: Period, base: Period): void {
  expectRatiosMatch(grid, pollutant, period, base);
  expectRankingMatches(grid, pollutant, period, base, Infinity);
  expectRankingMatches(grid, pollutant, period, base, 2);
  expectCityMatches(grid, pollutant, period, base);
}

function allPeriods(days: number): Period[] {
  const out: Period[] = [];
  for (let first = 0; first < days; first++) for (let last = first; last < days; last++) out.push({ first, last });
  return out;
}

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

/**
 * 6 cells of a 4×2 grid (ids 0 1 3 4 6 7), 6 days from 2025-03-30 (so days 0–1 are
 * March, 2–5 April), pm25 and no2. pm25 with days 0–1 as a base and 3–4 as a period:
 * cell 2 has no base, cell 5 no period, cell 3 a base of 0; cells 0, 3 and 4 rise by
 * the same 10 µg/m³ (a tie), cell 1 by 20 but by a smaller ratio than cell 0. Day 2
 * and day 5 are clouded over everywhere.
 */
function handMadeGrid(): HotspotGrid {
  // prettier-ignore
  const pm25 = [
    [20, 50, N, 0, 60, 20],
    [20, 50, N, 0, 80, N],
    [N, N, N, N, N, N],
    [25, 70, 30, N, 70, N],
    [35, 70, N, 10, 90, N],
    [N, N, N, N, N, N],
  ];
  // prettier-ignore
  const no2 = [
    [30, 40, 50, N, 20, 90],
    [N, 45, 55, 85, 25, 95],
    [35, N, 60, 70, 30, 85],
    [40, 50, N, 90, 35, 80],
    [45, 55, 65, 75, N, 100],
    [20, 25, 30, 35, 40, 45],
  ];
  return {
    header: {
      version: 1,
      origin: [113.0, 33.5],
      cellSize: [0.0108, 0.009],
      cols: 4,
      rows: 2,
      cellCount: 6,
      startDate: '2025-03-30',
      days: 6,
      pollutants: ['pm25', 'no2'],
      counties: [
        { code: '410402', name: '新华区' },
        { code: '410403', name: '卫东区' },
      ],
      townships: ['焦店镇', '滍阳镇', '五一路街道', '东环路街道'],
      units: 'µg/m³',
    },
    cellIds: new Uint32Array([0, 1, 3, 4, 6, 7]),
    cellCounty: new Uint8Array([0, 0, 1, 1, 0, 1]),
    cellTownship: new Uint16Array([0, 1, 2, 3, 0, 2]),
    values: new Uint16Array([...pm25.flat(), ...no2.flat()]),
  };
}

/** `cellCount` cells of a 20×15 grid, `days` days, all four pollutants: 10 % cloud, one day clouded over, one cell always clouded, one always 0. */
function randomGrid(seed: string, cellCount: number, days: number): HotspotGrid {
  const rng = seedrandom(seed);
  const cols = 20;
  const rows = 15;
  const ids = new Set<number>();
  while (ids.size < cellCount) ids.add(Math.floor(rng() * cols * rows));
  const cellIds = Uint32Array.from([...ids].sort((a, b) => a - b));
  const counties = Array.from({ length: 4 }, (_, k) => ({ code: `41041${k}`, name: `县${k}` }));
  const cellCounty = Uint8Array.from(cellIds, (id) => Math.floor(id / cols) % 4);
  // Two townships per county, west and east.
  const townships = counties.flatMap((_, k) => [`乡镇${k}西`, `乡镇${k}东`]);
  const cellTownship = Uint16Array.from(cellIds, (id, c) => cellCounty[c] * 2 + (id % cols < cols / 2 ? 0 : 1));
  const cloudedDay = Math.floor(rng() * days);
  const values = new Uint16Array(POLLUTANTS.length * days * cellCount);
  for (let p = 0; p < POLLUTANTS.length; p++) {
    for (let d = 0; d < days; d++) {
      // A city-wide level per day, a trend over the days and a per-cell part, so cells rise and fall by different amounts.
      const level = 40 + rng() * 80 + d;
      for (let c = 0; c < cellCount; c++) {
        const cloudy = c === 3 || d === cloudedDay || rng() < 0.1;
        const value = c === 5 ? 0 : Math.round(level * (0.6 + rng() * 0.8) + (cellIds[c] % 5) * 4);
        values[(p * days + d) * cellCount + c] = cloudy ? N : value;
      }
    }
  }
  return {
    header: {
      version: 1,
      origin: [113.0, 33.5],
      cellSize: [0.0108, 0.009],
      cols,
      rows,
      cellCount,
      startDate: '2025-01-01',
      days,
      pollutants: [...POLLUTANTS],
      counties,
      townships,
      units: 'µg/m³',
    },
    cellIds,
    cellCounty,
    cellTownship,
    values,
  };
}

function realGrid(): HotspotGrid {
  const bytes = readFileSync(new URL('../../data/hotspot-grid.bin', import.meta.url));
  return decodeHotspotGrid(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

describe('change between two periods on a hand-made grid', () => {
  const grid = handMadeGrid();
  const base = { first: 0, last: 1 };
  const period = { first: 3, last: 4 };

  it('ratios, ranking and city change match the reference for every pair of periods and both pollutants', () => {
    const periods = allPeriods(grid.header.days);
    for (const pollutant of ['pm25', 'no2'] as const) for (const p of periods) for (const b of periods) expectAllMatch(grid, pollutant, p, b);
  });

  it('a cell without data in either period, or with a base of 0, has no ratio; the ranking leaves out only the former', () => {
    const ratios = periodChange(grid, 'pm25', period, base);
    const ref = refRanking(grid, 'pm25', period, base);
    // The fixture holds each case, or the checks below test nothing.
    expect(refMean(grid, 'pm25', base, 2)).toBeNull();
    expect(refMean(grid, 'pm25', period, 5)).toBeNull();
    expect(refMean(grid, 'pm25', base, 3)).toBe(0);
    expect([ratios[2], ratios[3], ratios[5]]).toEqual([NaN, NaN, NaN]);
    const rows = rankChanges(grid, 'pm25', period, base, Infinity);
    expect(rows.map((r) => r.index).sort()).toEqual(ref.map((r) => r.index).sort());
    expect(rows.map((r) => r.index)).not.toContain(2);
    expect(rows.map((r) => r.index)).not.toContain(5);
    const zeroBase = rows.find((r) => r.index === 3);
    expect(zeroBase?.ratio).toBeNull();
    expect(zeroBase?.difference).toBe(refMean(grid, 'pm25', period, 3));
  });

  it('ranks by the rise in µg/m³, not by the ratio, with equal rises in cell id order', () => {
    const rows = rankChanges(grid, 'pm25', period, base, Infinity);
    // The cell with the largest ratio is not the one with the largest rise in this fixture.
    const byRatio = [...rows].filter((r) => r.ratio !== null).sort((a, b) => b.ratio! - a.ratio!);
    const byDifference = refRanking(grid, 'pm25', period, base);
    expect(byRatio[0].index).not.toBe(byDifference[0].index);
    expect(rows[0].index).toBe(byDifference[0].index);
    // A tie of three, in ascending cell id.
    const tied = rows.filter((r) => r.difference === rows[1].difference);
    expect(tied.length).toBeGreaterThan(1);
    expect(tied.map((r) => r.cellId)).toEqual([...tied.map((r) => r.cellId)].sort((a, b) => a - b));
  });

  it('a base clouded over on every cell: every ratio NaN, no ranking, no city change', () => {
    const clouded = { first: 2, last: 2 };
    expect(refCityMean(grid, 'pm25', clouded)).toBeNull();
    expect([...periodChange(grid, 'pm25', period, clouded)].every(Number.isNaN)).toBe(true);
    expect(rankChanges(grid, 'pm25', period, clouded, 20)).toEqual([]);
    const city = cityChange(grid, 'pm25', period, clouded);
    expect(city.baseMean).toBeNull();
    expect(city.difference).toBeNull();
    expect(city.ratio).toBeNull();
    near(city.mean, refCityMean(grid, 'pm25', period), 'city mean of the period');
    // And the other way round: the period shown clouded over.
    expect([...periodChange(grid, 'pm25', clouded, base)].every(Number.isNaN)).toBe(true);
    expect(rankChanges(grid, 'pm25', { first: 5, last: 5 }, base, 20)).toEqual([]);
  });

  it('a period compared with itself changes nowhere', () => {
    for (const p of allPeriods(grid.header.days)) {
      const ratios = periodChange(grid, 'no2', p, p);
      refRatios(grid, 'no2', p, p).forEach((r, c) => (Number.isNaN(r) ? expect(ratios[c]).toBeNaN() : expect(ratios[c]).toBe(0)));
      for (const row of rankChanges(grid, 'no2', p, p, Infinity)) {
        expect(row.difference).toBe(0);
        expect(row.ratio).toBe(0);
      }
      const city = cityChange(grid, 'no2', p, p);
      expect(city.difference).toBe(0);
    }
    expect(rankChanges(grid, 'pm25', base, base, Infinity).length).toBe(refRanking(grid, 'pm25', base, base).length);
  });

  it('the ranking stops at the limit', () => {
    expect(rankChanges(grid, 'no2', period, base, 3)).toHaveLength(3);
    expect(rankChanges(grid, 'no2', period, base, 0)).toEqual([]);
    expect(rankChanges(grid, 'no2', period, base, NaN)).toEqual([]);
  });

  it('refuses a pollutant or a period the grid lacks, in Chinese', () => {
    expect(() => periodChange(grid, 'o3', period, base)).toThrow(/热点网格没有污染物 o3/);
    expect(() => rankChanges(grid, 'pm25', period, { first: -1, last: 1 }, 5)).toThrow(/超出热点网格的日期范围/);
    expect(() => cityChange(grid, 'pm25', { first: 4, last: 3 }, base)).toThrow(/统计时段起止颠倒/);
  });
});

describe('change between two periods on a seeded random grid (150 cells × 40 days)', () => {
  const grid = randomGrid('grid-change', 150, 40);
  const rng = seedrandom('change-periods');
  const pairs: [Period, Period][] = [
    [
      { first: 20, last: 39 },
      { first: 0, last: 19 },
    ],
    [
      { first: 39, last: 39 },
      { first: 38, last: 38 },
    ],
  ];
  for (let i = 0; i < 10; i++) {
    const pick = (): Period => {
      const a = Math.floor(rng() * 40);
      const b = Math.floor(rng() * 40);
      return { first: Math.min(a, b), last: Math.max(a, b) };
    };
    pairs.push([pick(), pick()]);
  }

  it('holds cells that rise and cells that fall, a cell without data and one of 0', () => {
    const ratios = refRatios(grid, 'pm25', ...pairs[0]);
    expect(ratios.some((r) => r > 0)).toBe(true);
    expect(ratios.some((r) => r < 0)).toBe(true);
    expect(refMean(grid, 'pm25', pairs[0][0], 3)).toBeNull();
    expect(refMean(grid, 'pm25', pairs[0][1], 5)).toBe(0);
  });

  it('ratios, ranking and city change match the reference', () => {
    for (const pollutant of POLLUTANTS) for (const [period, base] of pairs) expectAllMatch(grid, pollutant, period, base);
  });
});

describe('change on data/hotspot-grid.bin, pm25: the last 30 days against the 30 before', () => {
  const grid = realGrid();
  const last = grid.header.days - 1;
  const period = { first: last - 29, last };
  const base = { first: last - 59, last: last - 30 };

  it('the top 20 and the city change match the reference', () => {
    expectRankingMatches(grid, 'pm25', period, base, 20);
    expectCityMatches(grid, 'pm25', period, base);
  });
});

describe('the grid layer and 热点排名 in 变化 colouring', () => {
  const grid = handMadeGrid();
  const layer = { kind: 'grid' as const, grid };
  // Day 4 (2025-04-03) in day mode against the day before; custom bases of days 0–1 (March, as far as the data goes).
  const view: GridView = { ...firstGridView(grid.header, null), mode: 'day', first: 4, last: 4, colouring: 'change', base: null };

  it('colours each cell by its ratio, a sentinel below any ratio where there is none', () => {
    const custom = { ...view, base: { first: 0, last: 1 } };
    const values = hotspotGridLayer.featureValues!(layer, { gridView: custom, period: null })!;
    const ratios = refRatios(grid, 'pm25', { first: 4, last: 4 }, { first: 0, last: 1 });
    expect(ratios.some(Number.isNaN)).toBe(true);
    ratios.forEach((r, c) => (Number.isNaN(r) ? expect(values.values[c]).toBeLessThan(-1) : near(values.values[c], r, `cell ${c}`)));
  });

  it('says what is compared: the legend of rises and falls, and a note naming both periods', () => {
    const context = { gridView: { ...view, base: { first: 0, last: 1 } }, period: null };
    const legend = hotspotGridLayer.legendFor!(context).map((e) => e.label);
    expect(legend).toContain('下降 30% 以上（改善）');
    expect(legend).toContain('上升 30%（变差）');
    expect(legend.some((l) => l.includes('无数据'))).toBe(true);
    expect(legend.some((l) => l.includes('热点'))).toBe(false);
    expect(hotspotGridLayer.note!(layer, context)).toBe('PM2.5 变化 · 2025-04-03 对比 2025年3月（2 天） · 1 km 网格');
    // 上一时段 of a day is the day before; of a month, the month before.
    expect(hotspotGridLayer.note!(layer, { gridView: view, period: null })).toBe('PM2.5 变化 · 2025-04-03 对比 2025-04-02 · 1 km 网格');
    const april = { ...view, mode: 'month' as const, first: 2, last: 5 };
    expect(hotspotGridLayer.note!(layer, { gridView: april, period: null })).toBe('PM2.5 变化 · 2025年4月（4 天） 对比 2025年3月（2 天） · 1 km 网格');
  });

  it('draws every cell as no data, and says so, when there is nothing earlier to compare with', () => {
    const first = { ...view, first: 0, last: 0 };
    expect(comparisonPeriod(grid.header, first)).toBeNull();
    const values = hotspotGridLayer.featureValues!(layer, { gridView: first, period: null })!;
    expect(Array.from(values.values).every((v) => v < -1)).toBe(true);
    expect(hotspotGridLayer.note!(layer, { gridView: first, period: null })).toContain('没有可对比的时段');
  });

  it('the cell card shows both means, the difference and the ratio', () => {
    const cardContext = (gridView: GridView): CardContext => ({ parkName: () => undefined, countOutfalls: () => undefined, gridView });
    const custom = { ...view, mode: 'range' as const, first: 3, last: 4, base: { first: 0, last: 1 } };
    const card = hotspotGridLayer.describe(layer, 1, cardContext(custom))!;
    const row = card.rows.find(([k]) => k.startsWith('PM2.5 变化'));
    const before = refMean(grid, 'pm25', custom.base, 1)!;
    const now = refMean(grid, 'pm25', custom, 1)!;
    expect(card.rows.find(([k]) => k === '对比时段')?.[1]).toBe('2025年3月（2 天）');
    expect(row?.[1]).toBe(
      `${before.toFixed(1)} → ${now.toFixed(1)} µg/m³，上升 ${(now - before).toFixed(1)} µg/m³（+${Math.round((now / before - 1) * 100)}%）`,
    );
    expect(hotspotGridLayer.describe(layer, 2, cardContext(custom))!.rows.find(([k]) => k.startsWith('PM2.5 变化'))?.[1]).toBe('无法对比（对比时段无数据）');
    expect(hotspotGridLayer.describe(layer, 1, cardContext({ ...custom, first: 0, last: 0, base: null }))!.rows.find(([k]) => k === '对比时段')?.[1]).toBe(
      '没有可对比的时段',
    );
    // Not in the other colourings.
    expect(
      hotspotGridLayer.describe(layer, 1, cardContext({ ...custom, colouring: 'hotspot' }))!.rows.some(([k]) => k.includes('变化') || k.includes('对比')),
    ).toBe(false);
  });

  it('热点排名 adds 变化排名 first, in the order of the reference, and each county against its base', () => {
    const custom = { ...view, mode: 'range' as const, first: 3, last: 4, base: { first: 0, last: 1 } };
    const ranking = buildHotspotRanking(grid, custom, []);
    const ref = refRanking(grid, 'pm25', custom, custom.base);
    expect(ranking.tables.map((t) => t.name)).toEqual(['变化排名', '热点排名', '县区统计']);
    const [table] = ranking.tables;
    expect(table.headers).toEqual(['排名', '网格编号', '所在县区', '所在乡镇', 'PM2.5 均值（µg/m³）', '对比时段均值（µg/m³）', '变化（µg/m³）', '变化率（%）']);
    expect(table.rows.map((r) => r[1])).toEqual(ref.map((r) => r.cellId));
    expect(table.rows.map((r) => r[3])).toEqual(ref.map((r) => r.township));
    expect(table.rows[0][6]).toBeCloseTo(ref[0].difference, 1);
    // 热点排名 has the township right after the county too.
    expect(ranking.cellsTable.headers.slice(0, 4)).toEqual(['排名', '网格编号', '所在县区', '所在乡镇']);
    expect(ranking.cellsTable.rows.map((r) => r[3])).toEqual(ranking.cells.map((c) => townshipOf(grid, c.index)));
    expect(ranking.countiesTable.headers.slice(-2)).toEqual(['对比时段均值（µg/m³）', '变化率（%）']);
    expect(ranking.caption).toBe('PM2.5 · 2025-04-02 至 2025-04-03（2 天） 对比 2025年3月（2 天） · 1 km 网格');
    // Outside 变化, the tables are those of before.
    expect(buildHotspotRanking(grid, { ...custom, colouring: 'hotspot' }, []).tables.map((t) => t.name)).toEqual(['热点排名', '县区统计']);
  });
});
