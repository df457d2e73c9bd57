import type { EnterpriseProperties } from '../../data/types';
import { summariseRetrofit } from '../../spatial/enterprise_retrofit';

/** 超低排放改造: done / not done per industry of the key polluting enterprises, with those not done named. */
export function RetrofitSummary({ enterprises, large = false }: { enterprises: readonly EnterpriseProperties[]; large?: boolean }) {
  const summary = summariseRetrofit(enterprises);
  return (
    <section class={`park-summary${large ? ' park-summary--large' : ''}`} aria-labelledby="retrofit-summary-title">
      <h3 id="retrofit-summary-title">重点排污单位超低排放改造</h3>
      <table class="park-summary__table" aria-label="各行业超低排放改造情况">
        <thead>
          <tr>
            <th scope="col">行业</th>
            <th scope="col">已完成并公示</th>
            <th scope="col">未完成</th>
          </tr>
        </thead>
        <tbody>
          {summary.rows.map((row) => (
            <tr key={row.industry}>
              <th scope="row">{row.industry}</th>
              <td>
                {row.done} / {row.total} 家
              </td>
              <td>{row.notDone.length === 0 ? '无' : row.notDone.join('、')}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">合计</th>
            <td>
              {summary.done} / {summary.total} 家
            </td>
            <td>{summary.total - summary.done} 家</td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
