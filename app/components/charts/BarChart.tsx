import { useId } from "react";

export type ChartDatum = { label: string; value: number; display: string };

export interface BarChartProps {
  title: string;
  /** What the chart shows, read out by screen readers (the table beside it has the figures). */
  description: string;
  data: ChartDatum[];
  /** "bars" run across (one per group, labels at the left); "columns" rise (one per month). */
  kind?: "bars" | "columns";
}

const WIDTH = 640;

/**
 * A server-rendered chart: plain SVG with a title and description (role="img"), coloured by
 * SVG attributes and Tailwind classes, no inline styles and no JavaScript. Always shown with a
 * data table beside it, which is the accessible source of the figures.
 */
export function BarChart({ title, description, data, kind = "bars" }: BarChartProps) {
  const id = useId();
  const max = Math.max(1, ...data.map((d) => d.value));
  if (kind === "bars") {
    const rowHeight = 28;
    const labelWidth = 220;
    const valueWidth = 110;
    const height = Math.max(rowHeight, data.length * rowHeight) + 8;
    const scale = (WIDTH - labelWidth - valueWidth) / max;
    return (
      <svg role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${WIDTH} ${height}`} className="mb-4 h-auto w-full max-w-full" focusable="false">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {data.map((d, i) => {
          const y = 4 + i * rowHeight;
          const width = Math.max(d.value > 0 ? 2 : 0, d.value * scale);
          return (
            <g key={d.label}>
              <text x={labelWidth - 8} y={y + 18} textAnchor="end" className="fill-text text-14">
                {d.label.length > 30 ? `${d.label.slice(0, 29)}…` : d.label}
              </text>
              <rect x={labelWidth} y={y + 4} width={width} height={rowHeight - 8} className="fill-blue" />
              <text x={labelWidth + width + 6} y={y + 18} className="fill-text text-14">
                {d.display}
              </text>
            </g>
          );
        })}
      </svg>
    );
  }
  const height = 240;
  const top = 24;
  const bottom = 40;
  const slot = WIDTH / Math.max(1, data.length);
  const scale = (height - top - bottom) / max;
  return (
    <svg role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${WIDTH} ${height}`} className="mb-4 h-auto w-full max-w-full" focusable="false">
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <line x1={0} x2={WIDTH} y1={height - bottom} y2={height - bottom} className="stroke-grey-2" strokeWidth={1} />
      {data.map((d, i) => {
        const barHeight = Math.max(d.value > 0 ? 2 : 0, d.value * scale);
        const x = i * slot + slot * 0.15;
        const y = height - bottom - barHeight;
        return (
          <g key={d.label}>
            <rect x={x} y={y} width={slot * 0.7} height={barHeight} className="fill-blue" />
            <text x={x + slot * 0.35} y={y - 4} textAnchor="middle" className="fill-text text-14">
              {d.display}
            </text>
            <text x={x + slot * 0.35} y={height - bottom + 16} textAnchor="middle" className="fill-text text-14">
              {d.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
