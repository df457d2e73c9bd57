import type { ParkProperties } from '../../data/types';
import { PARK_STATUS_COLOURS } from '../../symbology/colours';
import { formatCoverage, parkCoverage, summariseParks } from '../../spatial/park_coverage';

/**
 * 园区污水处理: the city's figures computed from the parks' records, and each park's status
 * and coverage. The same block sits in the 汇报 panel and, in large type, beside the
 * overview slide of 演示模式.
 */
export function ParkSummary({ parks, large = false }: { parks: readonly ParkProperties[]; large?: boolean }) {
  const summary = summariseParks(parks);
  return (
    <section class={`park-summary${large ? ' park-summary--large' : ''}`} aria-labelledby="park-summary-title">
      <h3 id="park-summary-title">园区污水处理</h3>
      <dl class="park-summary__figures">
        <div>
          <dt>专业化工废水处理设施已建成</dt>
          <dd>{summary.dedicated} 个</dd>
        </div>
        <div>
          <dt>依托骨干企业处理</dt>
          <dd>{summary.enterprise} 个</dd>
        </div>
        <div>
          <dt>尚未建成运行</dt>
          <dd>{summary.pending} 个</dd>
        </div>
        <div>
          <dt>企业接入率</dt>
          <dd>
            {formatCoverage(summary.coverage)}
            <small>
              （{summary.enterprisesConnected}/{summary.enterprises} 家）
            </small>
          </dd>
        </div>
      </dl>
      <table class="park-summary__table" aria-label="各园区污水处理情况">
        <thead>
          <tr>
            <th scope="col">园区</th>
            <th scope="col">污水处理状况</th>
            <th scope="col">覆盖率</th>
          </tr>
        </thead>
        <tbody>
          {parks.map((p) => (
            <tr key={p.id}>
              <th scope="row">{p.name}</th>
              <td>
                <span class="park-summary__swatch" style={{ background: PARK_STATUS_COLOURS[p.wastewaterStatus] }} aria-hidden="true" />
                {p.wastewaterStatus}
                {p.expectedCompletion ? `（预计 ${p.expectedCompletion}）` : ''}
              </td>
              <td>{formatCoverage(parkCoverage(p))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
