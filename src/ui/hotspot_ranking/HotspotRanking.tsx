import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Feature } from 'geojson';
import type { HotspotGrid } from '../../data/hotspot_grid_format';
import { tableToCsv, tablesToXlsx } from '../../data/table_export';
import type { GridView } from '../../layers/grid_view';
import { HOTSPOT_GRID } from '../../layers/hotspot_grid';
import { cellCentre } from '../../layers/hotspot_ranking';
import { requestView, selectFeature, setLayerVisible, setRankingOpen } from '../../state/actions';
import type { AppState, AreaLimit } from '../../state/app_state';
import { cellsWithin } from '../../spatial/grid_cells';
import { readyFeatures, readyLayer } from '../../state/selectors';
import { FIRE_POINTS } from '../../layers/fire_points';
import type { FirePointProperties } from '../../data/types';
import { download } from '../download';
import { gridAtScale } from '../../spatial/grid_aggregate';
import { SidePanelHeader } from '../side_panel/SidePanelHeader';
import { dash } from '../../layers/card';
import type { RankingAnswer, RankingService } from './ranking_service';

const fixed1 = (x: number | null) => (x === null ? '—' : x.toFixed(1));
/** A change in µg/m³ or %, signed with a true minus so a rise and a fall read apart: "+3.2", "−1.5". */
const signed1 = (x: number | null) => (x === null ? '—' : `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x).toFixed(1)}`);
const percent = (ratio: number | null) => (ratio === null ? null : ratio * 100);

/** One ranked cell: its rank, its id as a button that flies to it and opens its card, its county and township, then the table's own figures. */
function CellRow({
  rank,
  cell,
  onChoose,
  children,
}: {
  rank: number;
  cell: { index: number; cellId: number; county: string; township: string };
  onChoose: (index: number, cellId: number) => void;
  children: ComponentChildren;
}) {
  return (
    <tr>
      <td>{rank}</td>
      <td>
        <button type="button" class="link-button" onClick={() => onChoose(cell.index, cell.cellId)}>
          {cell.cellId}
        </button>
      </td>
      <td>{cell.county}</td>
      <td>{dash(cell.township)}</td>
      {children}
    </tr>
  );
}

/** What a ranking was asked for: the panel asks again when any of it changes. */
interface Inputs {
  grid: HotspotGrid;
  view: GridView;
  fires: Feature[] | null;
  /** 筛选's area while the ranking keeps to it. */
  area: AreaLimit | null;
  /** The 1 km layer's cells: a grid grown by a chunk keeps them, a new data set does not. */
  cells: Uint32Array;
}

/**
 * 热点排名: the worst cells of the grid's period (mean, maximum, days over the
 * GB 3095-2012 grade-II limit) and each county's figures; in 变化 colouring first the
 * cells that rose most against the comparison period. A row flies to its cell and
 * opens its card; every table exports as CSV and XLSX. The ranking comes from
 * `rankingService` (a worker in the app): until it answers the panel keeps the last
 * one, marked aria-busy, or says 计算中… the first time.
 */
export function HotspotRanking({ state, rankingService }: { state: AppState; rankingService: RankingService }) {
  const [message, setMessage] = useState<string | null>(null);
  const [delivered, setDelivered] = useState<(Inputs & { answer: RankingAnswer }) | null>(null);
  const [failed, setFailed] = useState<(Inputs & { error: string }) | null>(null);
  const layer = readyLayer(state, HOTSPOT_GRID);
  const view = state.gridView.value;
  const open = state.rankingOpen.value;
  // The ranking is of the cells shown: 1 km, or the 3 km blocks the national programme ranks.
  const grid = layer?.kind === 'grid' && view ? gridAtScale(layer.grid, view.scale, view.pollutant) : null;
  const fires = readyFeatures(state, FIRE_POINTS);
  const area = state.areaLimit.value;
  const isCurrent = (x: Inputs | null) => x !== null && x.grid === grid && x.view === view && x.fires === fires && x.area === area;
  // Busy exactly while nothing has answered for what is shown, so no answer, late or failed, can leave it on.
  const busy = !isCurrent(delivered) && !isCurrent(failed);
  useEffect(() => {
    if (!open || !grid || !view || layer?.kind !== 'grid' || !busy) return;
    const inputs: Inputs = { grid, view, fires, area, cells: layer.grid.cellIds };
    let current = true;
    // Limited to 筛选's area: the cells whose centre is in it, the fire points in it.
    const inArea = (f: Feature) => !area || (f.geometry.type === 'Point' && area.test(f.geometry.coordinates[0], f.geometry.coordinates[1]));
    rankingService
      .rank(
        grid,
        view,
        (fires ?? []).filter(inArea).map((f) => f.properties as FirePointProperties),
        area ? cellsWithin(grid, area.test) : null,
      )
      .then(
        (answer) => {
          if (current && answer) setDelivered({ ...inputs, answer });
        },
        (error: unknown) => {
          if (current) setFailed({ ...inputs, error: error instanceof Error ? error.message : String(error) });
        },
      );
    return () => {
      current = false;
    };
  }, [grid, view, fires, area, open, busy]);
  if (!open || !grid || !view || layer?.kind !== 'grid') return null;
  // The last ranking while the next is computed, if its rows are the cells on the map (same data, same scale): a row's index picks a map feature.
  const shown = delivered && delivered.cells === layer.grid.cellIds && delivered.view.scale === view.scale ? delivered : null;
  const panel = {
    id: 'ranking-panel',
    class: 'side-panel ranking-panel',
    role: 'dialog' as const,
    'aria-labelledby': 'ranking-panel-title',
    'aria-busy': busy,
    // Where the shown ranking ran (worker or main): the e2e test checks that it is off the main thread.
    'data-computed': shown?.answer.computed,
  };
  const header = <SidePanelHeader id="ranking-panel-title" title="热点排名" onClose={() => setRankingOpen(state, false)} />;
  const failure = isCurrent(failed) ? failed : null;
  if (failure || !shown) {
    return (
      <section {...panel}>
        {header}
        <div class="side-panel__body">
          {failure ? (
            <p class="form-status form-status--failed" role="alert">
              热点排名计算失败：{failure.error}
            </p>
          ) : (
            <p class="side-panel__summary">计算中…</p>
          )}
        </div>
      </section>
    );
  }
  const { ranking } = shown.answer;
  const { cellsTable, countiesTable, change } = ranking;
  const stamp = ranking.caption.replace(/[^\p{L}\p{N}-]+/gu, '_');
  const chooseCell = (index: number, cellId: number) => {
    const [lon, lat] = cellCentre(grid.header, cellId);
    setLayerVisible(state, HOTSPOT_GRID, true);
    requestView(state, lon, lat, 12);
    selectFeature(state, { layerId: HOTSPOT_GRID, featureIndex: index });
  };
  const exportXlsx = async () => {
    setMessage(null);
    try {
      download(
        new Blob([(await tablesToXlsx(ranking.tables)) as BlobPart], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }),
        `热点排名-${stamp}.xlsx`,
      );
    } catch (error) {
      setMessage(`导出 Excel 失败：${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return (
    <section {...panel}>
      {header}
      <div class="side-panel__body">
        {change && (
          <>
            <h3>变化排名（上升最多）</h3>
            <p class="side-panel__summary">
              {ranking.caption}：全市均值 {fixed1(change.city.mean)} µg/m³，对比时段 {fixed1(change.city.baseMean)} µg/m³，变化{' '}
              {signed1(change.city.difference)} µg/m³（{signed1(percent(change.city.ratio))}%）。
              {change.cells.length > 0
                ? `均值上升最多的 ${change.cells.length} 个网格（点击一行定位到网格）。`
                : '没有网格在两个时段都有数据，无法对比（云遮挡）。'}
            </p>
            <table class="ranking-table" aria-label="变化排名">
              <TableHead headers={change.table.headers} />
              <tbody>
                {change.cells.map((c, i) => (
                  <CellRow key={c.cellId} rank={i + 1} cell={c} onChoose={chooseCell}>
                    <td>{c.mean.toFixed(1)}</td>
                    <td>{c.baseMean.toFixed(1)}</td>
                    <td>{signed1(c.difference)}</td>
                    <td>{signed1(percent(c.ratio))}</td>
                  </CellRow>
                ))}
              </tbody>
            </table>
            <h3>网格排名</h3>
          </>
        )}
        {!change && shown.view.colouring === 'change' && (
          <p class="side-panel__summary">没有可对比的时段，无法列出变化排名；请在“对比时段”中选择自定义日期。</p>
        )}
        <p class="side-panel__summary">
          {change ? '' : `${ranking.caption}：`}均值最高的 {ranking.cells.length} 个网格（点击一行定位到网格）。
        </p>
        <table class="ranking-table" aria-label="网格排名">
          <TableHead headers={cellsTable.headers} />
          <tbody>
            {ranking.cells.map((c, i) => (
              <CellRow key={c.cellId} rank={i + 1} cell={c} onChoose={chooseCell}>
                <td>{c.mean.toFixed(1)}</td>
                <td>{c.max}</td>
                <td>{c.daysOverLimit}</td>
                <td>{c.validDays}</td>
              </CellRow>
            ))}
          </tbody>
        </table>
        <h3>县区统计</h3>
        <table class="ranking-table" aria-label="县区统计">
          <TableHead headers={countiesTable.headers} />
          <tbody>
            {ranking.counties.map((c, k) => (
              <tr key={c.code}>
                <th scope="row">{c.county}</th>
                <td>{c.code}</td>
                <td>{c.cells}</td>
                <td>{fixed1(c.mean)}</td>
                <td>{c.daysOverLimit}</td>
                <td>{c.hotspotCells}</td>
                <td>{c.fires}</td>
                {change && (
                  <>
                    <td>{fixed1(change.counties[k].baseMean)}</td>
                    <td>{signed1(percent(change.counties[k].ratio))}</td>
                  </>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        <div class="side-panel__actions">
          <button
            type="button"
            class="button"
            onClick={() => ranking.tables.forEach((t) => download(new Blob([tableToCsv(t)], { type: 'text/csv;charset=utf-8' }), `${t.name}-${stamp}.csv`))}
          >
            导出 CSV
          </button>
          <button type="button" class="button" onClick={() => void exportXlsx()}>
            导出 Excel
          </button>
        </div>
        {message && (
          <p class="form-status form-status--failed" role="alert">
            {message}
          </p>
        )}
      </div>
    </section>
  );
}

/** The header row of a table of the export's columns: the screen shows what the file will hold. */
function TableHead({ headers }: { headers: string[] }) {
  return (
    <thead>
      <tr>
        {headers.map((h) => (
          <th key={h} scope="col">
            {h}
          </th>
        ))}
      </tr>
    </thead>
  );
}
