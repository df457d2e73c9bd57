// The hotspot grid's period statistics against a plain reference written here with
// nested loops over cells and days, on a hand-made grid (cloud-covered cells and
// days), a seeded random grid and the committed data/hotspot-grid.bin. A cloudy
// cell-day must never count as clean air, and the worst cells and counties a user
// is shown must be the ones the raw numbers say.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { readDemoGrid } from '../helpers/data_files';
import { GRID_NO_DATA, POLLUTANTS, type HotspotGrid, type Pollutant } from '../../src/data/hotspot_grid_format';
import {
  DAILY_LIMITS,
  NO_VALUE,
  cityMean,
  countyStats,
  hotspotRatios,
  periodMeans,
  rankCells,
  type CellRank,
  type CountyStat,
  type Period,
} from '../../src/spatial/grid_stats';
import { rankChanges } from '../../src/spatial/grid_change';

const N = GRID_NO_DATA;
const TOLERANCE = 1e-4;

// ---------------------------------------------------------------------------
// Reference: the obvious loops, in doubles, straight from the file layout.
// ---------------------------------------------------------------------------

interface RefCell {
  mean: number | null;
  max: number;
  validDays: number;
  daysOverLimit: number;
}

/** The cell's township straight from the arrays: '' for a grid without townships. */
const townshipOf = (grid: HotspotGrid, c: number): string => (grid.cellTownship ? grid.header.townships![grid.cellTownship[c]] : '');

const at = (grid: HotspotGrid, p: number, d: number, c: number): number => grid.values[(p * grid.header.days + d) * grid.header.cellCount + c];

function refCells(grid: HotspotGrid, pollutant: Pollutant, period: Period): RefCell[] {
  const p = grid.header.pollutants.indexOf(pollutant);
  const out: RefCell[] = [];
  for (let c = 0; c < grid.header.cellCount; c++) {
    let sum = 0;
    let validDays = 0;
    let max = 0;
    let daysOverLimit = 0;
    for (let d = period.first; d <= period.last; d++) {
      const v = at(grid, p, d, c);
      if (v === GRID_NO_DATA) continue;
      sum += v;
      validDays++;
      max = Math.max(max, v);
      if (v > DAILY_LIMITS[pollutant]) daysOverLimit++;
    }
    out.push({ mean: validDays > 0 ? sum / validDays : null, max, validDays, daysOverLimit });
  }
  return out;
}

function refCityMean(cells: RefCell[]): number | null {
  const valid = cells.filter((c) => c.mean !== null).map((c) => c.mean!);
  return valid.length > 0 ? valid.reduce((a, b) => a + b, 0) / valid.length : null;
}

function refRatios(cells: RefCell[]): number[] {
  const mean = refCityMean(cells);
  return cells.map((c) => (c.mean === null || mean === null || mean === 0 ? NaN : c.mean / mean - 1));
}

function refRanking(grid: HotspotGrid, pollutant: Pollutant, period: Period): CellRank[] {
  const cells = refCells(grid, pollutant, period);
  const rows: CellRank[] = [];
  cells.forEach((cell, index) => {
    if (cell.mean === null) return;
    rows.push({
      index,
      cellId: grid.cellIds[index],
      county: grid.header.counties[grid.cellCounty[index]].name,
      township: townshipOf(grid, index),
      mean: cell.mean,
      max: cell.max,
      daysOverLimit: cell.daysOverLimit,
      validDays: cell.validDays,
    });
  });
  return rows.sort((a, b) => (a.mean !== b.mean ? b.mean - a.mean : a.cellId - b.cellId));
}

function refCounties(grid: HotspotGrid, pollutant: Pollutant, period: Period, threshold: number): CountyStat[] {
  const p = grid.header.pollutants.indexOf(pollutant);
  const cells = refCells(grid, pollutant, period);
  const ratios = refRatios(cells);
  return grid.header.counties.map((county, k) => {
    const members = [...grid.cellCounty.keys()].filter((c) => grid.cellCounty[c] === k);
    const means = members.map((c) => cells[c].mean).filter((m): m is number => m !== null);
    let daysOverLimit = 0;
    for (let d = period.first; d <= period.last; d++) {
      const day = members.map((c) => at(grid, p, d, c)).filter((v) => v !== GRID_NO_DATA);
      if (day.length > 0 && day.reduce((a, b) => a + b, 0) / day.length > DAILY_LIMITS[pollutant]) daysOverLimit++;
    }
    return {
      county: county.name,
      code: county.code,
      cells: members.length,
      mean: means.length > 0 ? means.reduce((a, b) => a + b, 0) / means.length : null,
      daysOverLimit,
      hotspotCells: members.filter((c) => ratios[c] >= threshold).length,
    };
  });
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

function expectMeansMatch(grid: HotspotGrid, pollutant: Pollutant, period: Period): void {
  const means = periodMeans(grid, pollutant, period);
  const ref = refCells(grid, pollutant, period);
  expect(means.length).toBe(grid.header.cellCount);
  ref.forEach((cell, c) => {
    const what = `${pollutant} [${period.first}, ${period.last}] cell ${c}`;
    if (cell.mean === null) expect(means[c], what).toBe(NO_VALUE);
    else near(means[c], cell.mean, what);
  });
  near(cityMean(means), refCityMean(ref), `${pollutant} [${period.first}, ${period.last}] city mean`);
  const ratios = hotspotRatios(means, cityMean(means));
  refRatios(ref).forEach((r, c) => {
    const what = `${pollutant} [${period.first}, ${period.last}] ratio of cell ${c}`;
    if (Number.isNaN(r)) expect(ratios[c], what).toBeNaN();
    else near(ratios[c], r, what);
  });
}

function expectRankingMatches(grid: HotspotGrid, pollutant: Pollutant, period: Period, limit: number): void {
  const rows = rankCells(grid, pollutant, period, limit);
  const ref = refRanking(grid, pollutant, period).slice(0, limit);
  const what = `${pollutant} [${period.first}, ${period.last}] top ${limit}`;
  expect(
    rows.map((r) => r.index),
    what,
  ).toEqual(ref.map((r) => r.index));
  rows.forEach((row, i) => {
    const { mean, ...rest } = row;
    const { mean: refMean, ...refRest } = ref[i];
    expect(rest, `${what} row ${i}`).toEqual(refRest);
    near(mean, refMean, `${what} row ${i} mean`);
  });
}

function expectCountiesMatch(grid: HotspotGrid, pollutant: Pollutant, period: Period, threshold: number): void {
  const stats = countyStats(grid, pollutant, period, threshold);
  const ref = refCounties(grid, pollutant, period, threshold);
  const what = `${pollutant} [${period.first}, ${period.last}] ≥ ${threshold}`;
  expect(stats.map((s) => s.code)).toEqual(ref.map((s) => s.code));
  stats.forEach((stat, k) => {
    const { mean, ...rest } = stat;
    const { mean: refMean, ...refRest } = ref[k];
    expect(rest, `${what} county ${stat.county}`).toEqual(refRest);
    near(mean, refMean, `${what} county ${stat.county} mean`);
  });
}

/** Every period [first, last] of a grid with few days. */
function allPeriods(days: number): Period[] {
  const out: Period[] = [];
  for (let first = 0; first < days; first++) for (let last = first; last < days; last++) out.push({ first, last });
  return out;
}

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

/**
 * 6 cells of a 4×2 grid (ids 0 2 3 5 6 7), 5 days, pm25 and no2. pm25: cell 2 is
 * cloud-covered on every day, days 3–4 on every cell; cells 1 and 4 tie on days 0–2.
 * County 平原区 has no cell. Two 城关镇 (one per county), as real counties have.
 */
function handMadeGrid(): HotspotGrid {
  // prettier-ignore
  const pm25 = [
    [40, 80, N, 100, 70, 90],
    [50, 90, N, N, 80, 110],
    [60, 70, N, 120, 90, 100],
    [N, N, N, N, N, N],
    [N, N, N, N, N, N],
  ];
  // prettier-ignore
  const no2 = [
    [30, 40, 50, N, 20, 90],
    [N, 45, 55, 85, 25, 95],
    [35, N, 60, 70, 30, 85],
    [40, 50, N, 90, 35, 80],
    [45, 55, 65, 75, N, 100],
  ];
  return {
    header: {
      version: 1,
      origin: [113.0, 33.5],
      cellSize: [0.0108, 0.009],
      cols: 4,
      rows: 2,
      cellCount: 6,
      startDate: '2025-03-01',
      days: 5,
      pollutants: ['pm25', 'no2'],
      counties: [
        { code: '410402', name: '新华区' },
        { code: '410403', name: '卫东区' },
        { code: '410499', name: '平原区' },
      ],
      townships: ['城关镇', '焦店镇', '城关镇', '五一路街道'],
      units: 'µg/m³',
    },
    cellIds: new Uint32Array([0, 2, 3, 5, 6, 7]),
    cellCounty: new Uint8Array([0, 0, 1, 1, 0, 1]),
    cellTownship: new Uint16Array([0, 1, 2, 3, 1, 2]),
    values: new Uint16Array([...pm25.flat(), ...no2.flat()]),
  };
}

/** `cellCount` cells of a 20×15 grid, `days` days, all four pollutants, 10 % cloud plus one fully clouded day. */
function randomGrid(seed: string, cellCount: number, days: number): HotspotGrid {
  const rng = seedrandom(seed);
  const cols = 20;
  const rows = 15;
  const ids = new Set<number>();
  while (ids.size < cellCount) ids.add(Math.floor(rng() * cols * rows));
  const cellIds = Uint32Array.from([...ids].sort((a, b) => a - b));
  const counties = Array.from({ length: 5 }, (_, k) => ({ code: `41040${k}`, name: `区县${k}` }));
  const cellCounty = Uint8Array.from(cellIds, (id) => Math.min(4, Math.floor((id % cols) / 4)));
  // Three townships per county, by row band.
  const townships = counties.flatMap((_, k) => [0, 1, 2].map((t) => `乡镇${k}-${t}`));
  const cellTownship = Uint16Array.from(cellIds, (id, c) => cellCounty[c] * 3 + (Math.floor(id / cols) % 3));
  const cloudedDay = Math.floor(rng() * days);
  const values = new Uint16Array(POLLUTANTS.length * days * cellCount);
  for (let p = 0; p < POLLUTANTS.length; p++) {
    for (let d = 0; d < days; d++) {
      // A city-wide level per day plus a per-cell part, so that some days and cells go over the limits.
      const level = 30 + rng() * 150;
      for (let c = 0; c < cellCount; c++) {
        const cloudy = d === cloudedDay || rng() < 0.1;
        values[(p * days + d) * cellCount + c] = cloudy ? N : Math.round(level * (0.5 + rng()) + (cellIds[c] % 7) * 5);
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

const realGrid = (): HotspotGrid => readDemoGrid();

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

describe('grid statistics on a hand-made grid', () => {
  const grid = handMadeGrid();
  const pollutants: Pollutant[] = ['pm25', 'no2'];

  it('means, city mean and ratios match the reference for every period and pollutant', () => {
    for (const pollutant of pollutants) for (const period of allPeriods(grid.header.days)) expectMeansMatch(grid, pollutant, period);
  });

  it('a cell cloud-covered on every day has no value, not clean air, and does not pull the city mean down', () => {
    const means = periodMeans(grid, 'pm25', { first: 0, last: 4 });
    expect(refCells(grid, 'pm25', { first: 0, last: 4 })[2].mean).toBeNull();
    expect(means[2]).toBe(NO_VALUE);
    const others = [...means].filter((_, c) => c !== 2);
    expect(cityMean(means)).toBeCloseTo(others.reduce((a, b) => a + b, 0) / others.length, 4);
    expect(hotspotRatios(means, cityMean(means))[2]).toBeNaN();
    expect(rankCells(grid, 'pm25', { first: 0, last: 4 }, 10).map((r) => r.index)).not.toContain(2);
  });

  it('a period clouded over on every cell gives no values, no city mean, no ratios, no ranking and no county figures', () => {
    const period = { first: 3, last: 4 };
    const means = periodMeans(grid, 'pm25', period);
    expect([...means]).toEqual(new Array(grid.header.cellCount).fill(NO_VALUE));
    expect(cityMean(means)).toBeNull();
    expect([...hotspotRatios(means, cityMean(means))].every(Number.isNaN)).toBe(true);
    expect(rankCells(grid, 'pm25', period, 10)).toEqual([]);
    for (const stat of countyStats(grid, 'pm25', period, 0)) {
      expect(stat.mean).toBeNull();
      expect(stat.daysOverLimit).toBe(0);
      expect(stat.hotspotCells).toBe(0);
    }
  });

  it('the ranking matches the reference for every period, with ties ordered by cell id', () => {
    for (const pollutant of pollutants) {
      for (const period of allPeriods(grid.header.days)) {
        expectRankingMatches(grid, pollutant, period, Infinity);
        expectRankingMatches(grid, pollutant, period, 2);
      }
    }
    // The fixture must hold a tie, or the tie order above was not tested.
    const ranked = refRanking(grid, 'pm25', { first: 0, last: 2 });
    const tie = ranked.findIndex((r, i) => i > 0 && r.mean === ranked[i - 1].mean);
    expect(tie).toBeGreaterThan(0);
    const rows = rankCells(grid, 'pm25', { first: 0, last: 2 }, Infinity);
    expect(rows[tie - 1].cellId).toBeLessThan(rows[tie].cellId);
  });

  it('each ranked cell carries its own township, told apart from a namesake in another county by its county', () => {
    const rows = rankCells(grid, 'no2', { first: 0, last: 4 }, Infinity);
    expect(rows.length).toBe(grid.header.cellCount);
    for (const row of rows) expect(row.township, `cell ${row.cellId}`).toBe(grid.header.townships![grid.cellTownship![row.index]]);
    const namesakes = rows.filter((r) => r.township === '城关镇');
    expect(new Set(namesakes.map((r) => r.county)).size, 'the fixture has 城关镇 in two counties').toBe(2);
  });

  it('a grid without townships (a file from before) ranks as before, with no township', () => {
    const old: HotspotGrid = { header: { ...grid.header, townships: undefined }, cellIds: grid.cellIds, cellCounty: grid.cellCounty, values: grid.values };
    const rows = rankCells(old, 'no2', { first: 0, last: 4 }, Infinity);
    expect(rows.map((r) => r.cellId)).toEqual(rankCells(grid, 'no2', { first: 0, last: 4 }, Infinity).map((r) => r.cellId));
    expect(rows.every((r) => r.township === '')).toBe(true);
  });

  it('the ranking stops at the limit and gives nothing for a limit of 0', () => {
    const period = { first: 0, last: 4 };
    expect(rankCells(grid, 'no2', period, 3)).toHaveLength(3);
    expect(rankCells(grid, 'no2', period, 0)).toEqual([]);
    expect(rankCells(grid, 'no2', period, 100)).toHaveLength(refRanking(grid, 'no2', period).length);
  });

  it('county figures match the reference for every period, including a county without cells', () => {
    for (const pollutant of pollutants) {
      for (const period of allPeriods(grid.header.days)) {
        for (const threshold of [-0.5, 0, 0.1, 0.3]) expectCountiesMatch(grid, pollutant, period, threshold);
      }
    }
    const empty = countyStats(grid, 'no2', { first: 0, last: 4 }, 0).find((s) => s.code === '410499');
    expect(empty).toEqual({ county: '平原区', code: '410499', cells: 0, mean: null, daysOverLimit: 0, hotspotCells: 0 });
  });

  it('a cell exactly at the hotspot threshold counts as a hotspot', () => {
    // One county, one day: 50 100 150 100 against a city mean of 100 give ratios −0.5 0 0.5 0.
    const flat: HotspotGrid = {
      ...grid,
      header: { ...grid.header, cellCount: 4, days: 1, pollutants: ['pm25'] },
      cellIds: new Uint32Array([0, 1, 2, 3]),
      cellCounty: new Uint8Array([0, 0, 0, 0]),
      cellTownship: new Uint16Array([0, 0, 0, 0]),
      values: new Uint16Array([50, 100, 150, 100]),
    };
    const period = { first: 0, last: 0 };
    for (const threshold of [0, 0.5]) expectCountiesMatch(flat, 'pm25', period, threshold);
    const ratios = refRatios(refCells(flat, 'pm25', period));
    expect(countyStats(flat, 'pm25', period, 0)[0].hotspotCells).toBe(ratios.filter((r) => r >= 0).length);
    expect(countyStats(flat, 'pm25', period, 0.5)[0].hotspotCells).toBe(ratios.filter((r) => r >= 0.5).length);
    expect(ratios.filter((r) => r === 0 || r === 0.5)).toHaveLength(3);
  });

  it('a county day over the limit is judged on the mean of its cells that day, not on any one cell', () => {
    // 新华区 on pm25 day 0: cells 40, 80, 70; one cell is over 75 but the county mean (63.3) is not.
    const day0 = countyStats(grid, 'pm25', { first: 0, last: 0 }, 0)[0];
    expect(rankCells(grid, 'pm25', { first: 0, last: 0 }, Infinity).some((r) => r.county === '新华区' && r.daysOverLimit > 0)).toBe(true);
    expect(day0.daysOverLimit).toBe(refCounties(grid, 'pm25', { first: 0, last: 0 }, 0)[0].daysOverLimit);
    expect(day0.daysOverLimit).toBe(0);
  });
});

describe('cityMean and hotspotRatios on their own', () => {
  it('no values gives no city mean', () => {
    expect(cityMean([])).toBeNull();
    expect(cityMean([NO_VALUE, NO_VALUE])).toBeNull();
  });

  it('a value of 0 is clean air, not a missing value', () => {
    expect(cityMean([0, 10, NO_VALUE])).toBe(5);
    expect(hotspotRatios([0, 10, NO_VALUE], 5)[0]).toBe(-1);
  });

  it('without a city mean, or with a mean of 0, no cell has a ratio', () => {
    expect([...hotspotRatios([10, 20, NO_VALUE], null)].every(Number.isNaN)).toBe(true);
    expect([...hotspotRatios([0, 0, NO_VALUE], 0)].every(Number.isNaN)).toBe(true);
    expect([...hotspotRatios([0, 5, NO_VALUE], 0)].every(Number.isNaN)).toBe(true);
  });

  it('a ratio of 0.2 means 20 % above the city mean', () => {
    const ratios = hotspotRatios([120, 100, 50], 100);
    expect(ratios[0]).toBeCloseTo(0.2, 6);
    expect(ratios[1]).toBe(0);
    expect(ratios[2]).toBeCloseTo(-0.5, 6);
  });
});

describe('grid statistics on a seeded random grid (200 cells × 60 days)', () => {
  const grid = randomGrid('grid-stats', 200, 60);
  const rng = seedrandom('periods');
  const periods: Period[] = [
    { first: 0, last: 59 },
    { first: 0, last: 0 },
    { first: 59, last: 59 },
  ];
  for (let i = 0; i < 8; i++) {
    const a = Math.floor(rng() * 60);
    const b = Math.floor(rng() * 60);
    periods.push({ first: Math.min(a, b), last: Math.max(a, b) });
  }

  it('the fixture has about 10 % cloud and values over the daily limits', () => {
    const share = grid.values.filter((v) => v === N).length / grid.values.length;
    expect(share).toBeGreaterThan(0.1);
    expect(share).toBeLessThan(0.15);
    expect(grid.values.some((v, i) => v !== N && v > DAILY_LIMITS[POLLUTANTS[Math.floor(i / (60 * 200))]])).toBe(true);
  });

  it('means, city mean and ratios match the reference cell by cell', () => {
    for (const pollutant of POLLUTANTS) for (const period of periods) expectMeansMatch(grid, pollutant, period);
  });

  it('the full ranking and the top 15 match the reference', () => {
    for (const pollutant of POLLUTANTS) {
      for (const period of periods) {
        expectRankingMatches(grid, pollutant, period, Infinity);
        expectRankingMatches(grid, pollutant, period, 15);
      }
    }
  });

  it('county figures match the reference', () => {
    for (const pollutant of POLLUTANTS) {
      for (const period of periods) for (const threshold of [0, 0.2]) expectCountiesMatch(grid, pollutant, period, threshold);
    }
  });
});

describe('grid statistics on data/hotspot-grid.bin, pm25 over the last 30 days', () => {
  const grid = realGrid();
  const period = { first: grid.header.days - 30, last: grid.header.days - 1 };
  const ref = refCells(grid, 'pm25', period);

  it('period means match the reference', () => {
    expectMeansMatch(grid, 'pm25', period);
  });

  it("the ranking's first row is the cell with the highest reference mean, and the top 20 match", () => {
    let best = -1;
    ref.forEach((cell, c) => {
      if (cell.mean !== null && (best < 0 || cell.mean > ref[best].mean!)) best = c;
    });
    expect(best).toBeGreaterThanOrEqual(0);
    const [first] = rankCells(grid, 'pm25', period, 20);
    expect(first.index).toBe(best);
    expect(first.cellId).toBe(grid.cellIds[best]);
    near(first.mean, ref[best].mean, 'worst cell mean');
    expectRankingMatches(grid, 'pm25', period, 20);
  });

  it('county hotspot cells add up to the city-wide hotspot cells, and every cell is in one county', () => {
    const threshold = 0.2;
    const stats = countyStats(grid, 'pm25', period, threshold);
    const ratios = refRatios(ref);
    // A cell within float rounding of the threshold may fall either way.
    const surely = ratios.filter((r) => r >= threshold + 1e-5).length;
    const perhaps = ratios.filter((r) => r >= threshold - 1e-5).length;
    const total = stats.reduce((a, s) => a + s.hotspotCells, 0);
    expect(surely).toBeGreaterThan(0);
    expect(total).toBeGreaterThanOrEqual(surely);
    expect(total).toBeLessThanOrEqual(perhaps);
    expect(stats.reduce((a, s) => a + s.cells, 0)).toBe(grid.header.cellCount);
  });
});

describe('requests outside the grid', () => {
  const grid = handMadeGrid();
  const calls: [string, (pollutant: Pollutant, period: Period) => unknown][] = [
    ['periodMeans', (p, period) => periodMeans(grid, p, period)],
    ['rankCells', (p, period) => rankCells(grid, p, period, 10)],
    ['countyStats', (p, period) => countyStats(grid, p, period, 0.2)],
  ];
  const failure = (call: () => unknown): Error => {
    try {
      call();
    } catch (error) {
      return error as Error;
    }
    throw new Error('no error thrown');
  };

  it.each(calls)('%s refuses a pollutant the grid does not hold, naming it in Chinese', (_, call) => {
    const error = failure(() => call('o3', { first: 0, last: 1 }));
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toMatch(/热点网格没有污染物 o3/);
  });

  it.each(calls)('%s refuses a period outside the grid days, in Chinese', (_, call) => {
    for (const period of [
      { first: -1, last: 2 },
      { first: 0, last: 5 },
      { first: 5, last: 5 },
    ]) {
      const error = failure(() => call('pm25', period));
      expect(error).toBeInstanceOf(RangeError);
      expect(error.message).toMatch(/超出热点网格的日期范围（第 0 至 4 天）/);
    }
  });

  it.each(calls)('%s refuses a reversed or fractional period, in Chinese', (_, call) => {
    const reversed = failure(() => call('pm25', { first: 3, last: 1 }));
    expect(reversed).toBeInstanceOf(RangeError);
    expect(reversed.message).toMatch(/统计时段起止颠倒/);
    const fractional = failure(() => call('pm25', { first: 0.5, last: 2 }));
    expect(fractional).toBeInstanceOf(RangeError);
    expect(fractional.message).toMatch(/整数天序号/);
  });
});

describe('limited to an area (筛选)', () => {
  // Every third cell of the real grid, and a western band: two areas of different shapes.
  const grid = realGrid();
  const period = { first: grid.header.days - 30, last: grid.header.days - 1 };
  const areas: [string, Uint8Array][] = [
    ['every third cell', Uint8Array.from({ length: grid.header.cellCount }, (_, c) => (c % 3 === 0 ? 1 : 0))],
    ['the western band', Uint8Array.from({ length: grid.header.cellCount }, (_, c) => (grid.cellIds[c] % grid.header.cols < grid.header.cols / 3 ? 1 : 0))],
  ];

  it.each(areas)('%s: the ranking is the whole city’s ranking with the cells outside left out', (_name, within) => {
    const all = rankCells(grid, 'pm25', period, Infinity);
    const inside = all.filter((c) => within[c.index]).slice(0, 20);
    const limited = rankCells(grid, 'pm25', period, 20, within);
    expect(limited).toEqual(inside);
    expect(limited.length).toBe(20);
    expect(limited.every((c) => within[c.index] === 1)).toBe(true);
  });

  it.each(areas)('%s: county figures count only the cells inside, hotspots still against the whole city’s mean', (_name, within) => {
    const threshold = 0.1;
    const limited = countyStats(grid, 'pm25', period, threshold, within);
    // Reference: the cells inside, each county's mean of their means, hotspots by the city-wide ratios.
    const cells = refCells(grid, 'pm25', period);
    const ratios = refRatios(cells);
    const p = grid.header.pollutants.indexOf('pm25');
    grid.header.counties.forEach((county, k) => {
      const members = [...grid.cellCounty.keys()].filter((c) => grid.cellCounty[c] === k && within[c]);
      const means = members.map((c) => cells[c].mean).filter((m): m is number => m !== null);
      let over = 0;
      for (let d = period.first; d <= period.last; d++) {
        const day = members.map((c) => at(grid, p, d, c)).filter((v) => v !== GRID_NO_DATA);
        if (day.length > 0 && day.reduce((a, b) => a + b, 0) / day.length > DAILY_LIMITS.pm25) over++;
      }
      const row = limited[k];
      expect(row.county).toBe(county.name);
      expect(row.cells).toBe(members.length);
      near(row.mean, means.length ? means.reduce((a, b) => a + b, 0) / means.length : null, `${county.name} mean`);
      expect(row.daysOverLimit).toBe(over);
      expect(row.hotspotCells).toBe(members.filter((c) => ratios[c] >= threshold).length);
    });
    expect(limited.reduce((s, r) => s + r.cells, 0)).toBe(within.reduce((s, v) => s + v, 0));
  });

  it('the change ranking keeps to the area too', () => {
    const within = areas[1][1];
    const base = { first: period.first - 30, last: period.first - 1 };
    const all = rankChanges(grid, 'pm25', period, base, Infinity);
    expect(rankChanges(grid, 'pm25', period, base, 20, within)).toEqual(all.filter((c) => within[c.index]).slice(0, 20));
  });
});
