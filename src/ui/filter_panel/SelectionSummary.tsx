import type { CountRow, SelectionSummary as Summary } from '../../spatial/filter/summary';

/** One breakdown as a table whose last column is a bar: the count readable, the proportions seen. */
function Breakdown({ caption, rows, of }: { caption: string; rows: readonly CountRow[]; of: number }) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <table class="filter-breakdown" aria-label={caption}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{caption.replace(/^按/, '')}</th>
          <th scope="col">数量</th>
          <th scope="col">占比</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            <td>{r.count.toLocaleString('zh-CN')}</td>
            <td class="filter-breakdown__bar-cell">
              <span class="filter-breakdown__bar" style={{ width: `${(r.count / max) * 70}%` }} aria-hidden="true" />
              <span class="filter-breakdown__share">{of > 0 ? `${((r.count / of) * 100).toFixed(1)}%` : '—'}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** 统计: the selection by category, remediation status (and how many are overdue), 查测溯治 step and county. */
export function SelectionSummary({ summary }: { summary: Summary }) {
  return (
    <section class="filter-summary" aria-label="筛选结果统计">
      <h3>统计</h3>
      <p>
        共 {summary.count.toLocaleString('zh-CN')} 个，其中逾期 {summary.overdue.toLocaleString('zh-CN')} 个（整治期限已过且未完成）。
      </p>
      <Breakdown caption="按类别" rows={summary.byCategory} of={summary.count} />
      <Breakdown caption="按整治状态" rows={summary.byStatus} of={summary.count} />
      <Breakdown caption="按查测溯治进度" rows={summary.byStage} of={summary.count} />
      <Breakdown caption="按县区" rows={summary.byCounty} of={summary.count} />
    </section>
  );
}
