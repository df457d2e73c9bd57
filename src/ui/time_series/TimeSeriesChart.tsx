import { useEffect, useRef, useState } from 'preact/hooks';
import type { SeriesChart } from '../../layers/card';

/**
 * A card's time series, drawn with uPlot (loaded with the first chart: field
 * inspectors opening outfall cards never pay for it). The chart is described for
 * screen readers by its title and a summary of each line; the figures themselves
 * are in the card's tables.
 */
export function TimeSeriesChart({ chart }: { chart: SeriesChart }) {
  const box = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState<string | null>(null);

  useEffect(() => {
    let plot: { destroy(): void } | null = null;
    let cancelled = false;
    void Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')])
      .then(([{ default: UPlot }]) => {
        if (cancelled || !box.current) return;
        const xs = chart.dates.map((d) => Date.parse(`${d}T00:00:00+08:00`) / 1000);
        const width = Math.max(240, box.current.clientWidth);
        const limit = chart.limit;
        plot = new UPlot(
          {
            width,
            height: chart.compact ? 70 : 180,
            legend: { show: !chart.compact },
            cursor: { show: !chart.compact },
            axes: chart.compact
              ? [{ show: false }, { show: false }]
              : [{ values: (_u, ticks) => ticks.map((t) => new Date(t * 1000 + 8 * 3600_000).toISOString().slice(5, 10)) }, { label: chart.unit, size: 50 }],
            scales: { x: { time: true } },
            series: [
              { label: '日期', value: (_u, t) => (t == null ? '—' : new Date(t * 1000 + 8 * 3600_000).toISOString().slice(0, 10)) },
              ...chart.lines.map((line) => ({ label: line.label, stroke: line.colour, width: chart.compact ? 1.5 : 2, spanGaps: false })),
              ...(limit ? [{ label: limit.label, stroke: '#999999', dash: [4, 4], width: 1, points: { show: false } }] : []),
            ],
          },
          [xs, ...chart.lines.map((l) => l.values), ...(limit ? [xs.map(() => limit.value)] : [])] as never,
          box.current,
        );
      })
      .catch((error: unknown) => setFailed(error instanceof Error ? error.message : String(error)));
    return () => {
      cancelled = true;
      plot?.destroy();
    };
  }, [chart]);

  const summary = chart.lines
    .map((line) => {
      const valid = line.values.filter((v): v is number => v !== null);
      return valid.length ? `${line.label}：${Math.min(...valid)}–${Math.max(...valid)} ${chart.unit}` : `${line.label}：无数据`;
    })
    .join('；');
  return (
    <figure class={`series-chart${chart.compact ? ' series-chart--compact' : ''}`}>
      <figcaption class="series-chart__title">{chart.title}</figcaption>
      <div ref={box} class="series-chart__plot" role="img" aria-label={`${chart.title}（${chart.dates[0]} 至 ${chart.dates.at(-1)}）${summary}`} />
      {failed && <p class="form-status form-status--failed">图表无法显示：{failed}</p>}
    </figure>
  );
}
