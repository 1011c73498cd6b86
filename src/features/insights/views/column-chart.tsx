/**
 * A trend as columns, one per month, drawn on the server as SVG (the bar chart's rules: no script, prints
 * as it shows, one image with a title and a summary for assistive technology, every figure in the table
 * beside it). Years are marked under their January so ten years stay readable.
 */
export interface Column {
  /** 'YYYY-MM'. */
  month: string;
  /** 0–1, or null when nothing was open. */
  value: number | null;
}

const WIDTH = 640;
const PLOT = { left: 44, right: 8, top: 8, height: 160 };

export function ColumnChart(props: { id: string; title: string; summary: string; columns: Column[] }) {
  const n = Math.max(1, props.columns.length);
  const step = (WIDTH - PLOT.left - PLOT.right) / n;
  const top = Math.max(0.1, ...props.columns.map((c) => c.value ?? 0));
  // The scale rounds up to the next 10%, so the gridlines are round numbers.
  const max = Math.min(1, Math.ceil(top * 10) / 10);
  const y = (v: number) => PLOT.top + PLOT.height - (v / max) * PLOT.height;
  const ticks = [0, max / 2, max];
  return (
    <svg
      class="column-chart"
      role="img"
      aria-labelledby={`${props.id}-title`}
      aria-describedby={`${props.id}-desc`}
      viewBox={`0 0 ${WIDTH} ${PLOT.top + PLOT.height + 28}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{props.summary}</desc>
      {ticks.map((v) => (
        <g>
          <line x1={PLOT.left} x2={WIDTH - PLOT.right} y1={y(v)} y2={y(v)} class="column-chart__grid" />
          <text x={PLOT.left - 4} y={y(v) + 4} class="column-chart__axis" text-anchor="end">
            {`${Math.round(v * 100)}%`}
          </text>
        </g>
      ))}
      {props.columns.map((c, i) => {
        const x = PLOT.left + i * step;
        const value = c.value ?? 0;
        const label = n <= 24 ? c.month.endsWith('-01') || i === 0 || n <= 12 : c.month.endsWith('-01');
        return (
          <g>
            <rect
              x={x + step * 0.15}
              y={y(value)}
              width={Math.max(1, step * 0.7)}
              height={PLOT.top + PLOT.height - y(value)}
              class="column-chart__bar"
            />
            {label ? (
              <text x={x} y={PLOT.top + PLOT.height + 18} class="column-chart__axis">
                {n <= 12 ? `${Number(c.month.slice(5))}月` : c.month.slice(0, 4)}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}
