/**
 * Bar and line charts (Chart.js through react-chartjs-2). Only the parts used are registered, so the rest of
 * Chart.js is left out of the bundle; this module is reached only from the lazily loaded statistics view.
 */
import { BarController, BarElement, CategoryScale, Chart, Filler, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend, type ChartOptions } from 'chart.js';
import { Bar, Line } from 'react-chartjs-2';
import { useChartColors, withAlpha } from './theme';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend, Filler);

export interface Series {
  label: string;
  data: (number | null)[];
}

function baseOptions(colors: ReturnType<typeof useChartColors>, yTitle: string, legend: boolean, yMax?: number, whole = true): ChartOptions<'bar' | 'line'> {
  return {
    responsive: true,
    maintainAspectRatio: false,
    // Charts appear at once: no motion to wait for (and none for people who prefer reduced motion).
    animation: false,
    plugins: {
      legend: { display: legend, labels: { color: colors.text, boxWidth: 12 } },
      tooltip: { intersect: false, mode: 'index' },
    },
    scales: {
      x: { ticks: { color: colors.muted, maxRotation: 0, autoSkipPadding: 12 }, grid: { display: false }, border: { color: colors.border } },
      y: {
        beginAtZero: true,
        max: yMax,
        ticks: { color: colors.muted, precision: whole ? 0 : undefined },
        grid: { color: colors.border },
        border: { display: false },
        title: { display: true, text: yTitle, color: colors.muted },
      },
    },
  };
}

/** `whole`: the values are counts, so the axis shows whole numbers only. */
export function BarChart({ labels, series, yTitle, label, whole = true }: { labels: string[]; series: Series[]; yTitle: string; label: string; whole?: boolean }) {
  const colors = useChartColors();
  const data = {
    labels,
    datasets: series.map((entry, index) => ({
      label: entry.label,
      data: entry.data,
      backgroundColor: colors.series[index % colors.series.length],
      borderRadius: 3,
      maxBarThickness: 28,
    })),
  };
  return <Bar data={data} options={baseOptions(colors, yTitle, series.length > 1, undefined, whole) as ChartOptions<'bar'>} role="img" aria-label={label} />;
}

export function LineChart({ labels, series, yTitle, label, percent = false }: { labels: string[]; series: Series[]; yTitle: string; label: string; percent?: boolean }) {
  const colors = useChartColors();
  const data = {
    labels,
    datasets: series.map((entry, index) => {
      const color = colors.series[index % colors.series.length]!;
      return {
        label: entry.label,
        data: entry.data,
        borderColor: color,
        backgroundColor: withAlpha(color, 0.2),
        pointRadius: 3,
        spanGaps: true,
        tension: 0.25,
      };
    }),
  };
  const options = baseOptions(colors, yTitle, series.length > 1, percent ? 100 : undefined) as ChartOptions<'line'>;
  if (percent && options.scales?.y) options.scales.y.ticks = { ...options.scales.y.ticks, callback: (value) => `${value}%` };
  return <Line data={data} options={options} role="img" aria-label={label} />;
}
