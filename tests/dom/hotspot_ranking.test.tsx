// The 热点排名 panel while its ranking is computed elsewhere: 计算中… the first time, then
// the tables; the previous tables (aria-busy) while the next ranking is on its way; an
// answer for a view no longer shown is not shown; a failure says so and never leaves the
// panel busy; and where the ranking ran, in data-computed. Rendered into happy-dom with
// a service the test answers by hand; happy-dom has no Worker, so the app's own service
// ranks on the main thread here (the worker is exercised in tests/e2e/hotspot_grid.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { createRankingService } from '../../src/app/ranking_client';
import { GRID_NO_DATA } from '../../src/data/hotspot_grid_format';
import type { HotspotGrid } from '../../src/data/hotspot_grid_format';
import type { FirePointProperties } from '../../src/data/types';
import { firstGridView } from '../../src/layers/grid_view';
import type { GridView } from '../../src/layers/grid_view';
import { HOTSPOT_GRID } from '../../src/layers/hotspot_grid';
import { buildHotspotRanking } from '../../src/layers/hotspot_ranking';
import { setGridView, setLayerStatus, setRankingOpen } from '../../src/state/actions';
import { createAppState } from '../../src/state/app_state';
import { HotspotRanking } from '../../src/ui/hotspot_ranking/HotspotRanking';
import type { RankingAnswer, RankingService } from '../../src/ui/hotspot_ranking/ranking_service';

const root = document.createElement('div');
document.body.append(root);
afterEach(() => render(null, root));

/** A 12×12 grid of 1 km cells, 40 days of the four pollutants, two counties (west and east), a value for every cell-day but every 7th. */
function smallGrid(): HotspotGrid {
  const [cols, rows, days] = [12, 12, 40];
  const n = cols * rows;
  const values = Uint16Array.from({ length: 4 * days * n }, (_, i) => (i % 7 === 0 ? GRID_NO_DATA : 20 + ((i * 37) % 101)));
  return {
    header: {
      version: 1,
      origin: [113.0, 33.6],
      cellSize: [0.01, 0.009],
      cols,
      rows,
      cellCount: n,
      startDate: '2025-08-01',
      days,
      pollutants: ['pm25', 'pm10', 'o3', 'no2'],
      counties: [
        { code: '410402', name: '新华区' },
        { code: '410403', name: '卫东区' },
      ],
      units: 'µg/m³',
    },
    cellIds: Uint32Array.from({ length: n }, (_, i) => i),
    cellCounty: Uint8Array.from({ length: n }, (_, i) => (i % cols < cols / 2 ? 0 : 1)),
    values,
  };
}

const grid = smallGrid();
const first = firstGridView(grid.header, null);

/** A service whose every request waits for the test to answer it. */
function handService() {
  const requests: { view: GridView; answer: (computed?: RankingAnswer['computed']) => void; fail: (error: Error) => void }[] = [];
  const service: RankingService = {
    rank: (g: HotspotGrid, view: GridView, fires: readonly FirePointProperties[]) =>
      new Promise((resolve, reject) => {
        requests.push({ view, answer: (computed = 'worker') => resolve({ ranking: buildHotspotRanking(g, view, fires), computed }), fail: reject });
      }),
  };
  return { service, requests };
}

function openPanel(service: RankingService) {
  const state = createAppState();
  setLayerStatus(state, HOTSPOT_GRID, { state: 'ready', layer: { kind: 'grid', grid }, problems: [] });
  setGridView(state, first);
  setRankingOpen(state, true);
  act(() => render(<HotspotRanking state={state} rankingService={service} />, root));
  return state;
}

const panel = () => root.querySelector<HTMLElement>('#ranking-panel')!;
const firstCellId = () => root.querySelector('table[aria-label="网格排名"] tbody tr button')?.textContent;
const settle = () => act(async () => {});

describe('the 热点排名 panel', () => {
  it('says 计算中… until the first ranking comes, then shows it and where it ran', async () => {
    const { service, requests } = handService();
    openPanel(service);
    expect(requests).toHaveLength(1);
    expect(panel().getAttribute('aria-busy')).toBe('true');
    expect(panel().textContent).toContain('计算中…');
    expect(root.querySelector('table')).toBeNull();
    requests[0].answer();
    await settle();
    expect(panel().getAttribute('aria-busy')).toBe('false');
    expect(panel().dataset.computed).toBe('worker');
    expect(firstCellId()).toBe(String(buildHotspotRanking(grid, first, []).cells[0].cellId));
  });

  it('keeps the previous ranking, busy, while the next is computed, and shows only the latest view’s', async () => {
    const { service, requests } = handService();
    const state = openPanel(service);
    requests[0].answer();
    await settle();
    const pm25 = firstCellId();
    act(() => setGridView(state, { ...first, pollutant: 'o3' }));
    act(() => setGridView(state, { ...first, pollutant: 'no2' }));
    expect(requests.map((r) => r.view.pollutant)).toEqual(['pm25', 'o3', 'no2']);
    expect(panel().getAttribute('aria-busy')).toBe('true');
    expect(firstCellId()).toBe(pm25);
    // The O₃ answer comes after the view moved on to NO₂: not shown.
    requests[1].answer();
    await settle();
    expect(panel().getAttribute('aria-busy')).toBe('true');
    expect(panel().textContent).not.toContain('O₃');
    requests[2].answer();
    await settle();
    expect(panel().getAttribute('aria-busy')).toBe('false');
    expect(panel().textContent).toContain('NO₂ ·');
  });

  it('does not ask again when reopened on the same view, and says 计算中… rather than show another scale’s cells', async () => {
    const { service, requests } = handService();
    const state = openPanel(service);
    requests[0].answer();
    await settle();
    act(() => setRankingOpen(state, false));
    act(() => setRankingOpen(state, true));
    expect(requests).toHaveLength(1);
    expect(panel().getAttribute('aria-busy')).toBe('false');
    // A row of the 1 km ranking would pick a feature of the 3 km grid by its index: not kept.
    act(() => setGridView(state, { ...first, scale: 3 }));
    expect(panel().textContent).toContain('计算中…');
    requests[1].answer();
    await settle();
    expect(panel().textContent).toContain('3 km 网格');
  });

  it('says so when the ranking fails, and is not left busy', async () => {
    const { service, requests } = handService();
    openPanel(service);
    requests[0].fail(new RangeError('统计时段超出范围'));
    await settle();
    expect(panel().getAttribute('aria-busy')).toBe('false');
    expect(root.querySelector('[role="alert"]')?.textContent).toBe('热点排名计算失败：统计时段超出范围');
  });

  it('ranks on the main thread where there is no Worker, with the app’s own service', async () => {
    expect(typeof Worker).toBe('undefined');
    openPanel(createRankingService());
    await settle();
    expect(panel().dataset.computed).toBe('main');
    expect(panel().getAttribute('aria-busy')).toBe('false');
  });
});
