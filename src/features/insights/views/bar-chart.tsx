/**
 * A horizontal bar chart drawn on the server as SVG: no script, prints as it shows. It is one image for
 * assistive technology (role="img", a title and a summary); the numbers themselves are in the data table
 * printed next to it, so nothing is only in the picture.
 */
export interface Bar {
  label: string;
  /** 0–1, or null for "no data" (drawn as an empty bar with a dash). */
  value: number | null;
}

const ROW = 34;
const LABEL_ROW = 14;

export function BarChart(props: { id: string; title: string; summary: string; bars: Bar[] }) {
  const height = props.bars.length * ROW + 8;
  return (
    <svg
      class="bar-chart"
      role="img"
      aria-labelledby={`${props.id}-title`}
      aria-describedby={`${props.id}-desc`}
      viewBox={`0 0 640 ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={`${props.id}-title`}>{props.title}</title>
      <desc id={`${props.id}-desc`}>{props.summary}</desc>
      {props.bars.map((bar, i) => {
        const y = i * ROW + 4;
        const width = bar.value === null ? 0 : Math.max(1, Math.round(bar.value * 520));
        return (
          <g>
            <text x="0" y={y + 11} class="bar-chart__label">
              {bar.label}
            </text>
            <rect x="0" y={y + LABEL_ROW} width="520" height="14" class="bar-chart__track" />
            <rect x="0" y={y + LABEL_ROW} width={String(width)} height="14" class="bar-chart__bar" />
            <text x="530" y={y + LABEL_ROW + 12} class="bar-chart__value">
              {bar.value === null ? '–' : `${(bar.value * 100).toFixed(1)}%`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
