"use client";
/** Small recharts wrappers with the page's colours: a line chart over days and a grouped/stacked bar chart. */
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import styles from "./stats.module.css";

export const COLORS = ["#2456d6", "#b42318", "#18794e", "#9a6700", "#7a3fd1", "#0e7490", "#be185d", "#4b5563"];
export const STATUS_COLORS: Record<string, string> = { pass: "#18794e", warn: "#d4a20b", fail: "#b42318", error: "#7a3fd1", skipped: "#9ca3af" };

export interface Series {
  key: string;
  label: string;
  color?: string;
  /** This series is a share (0..1) in a chart that is not all shares. */
  percent?: boolean;
}

type Datum = Record<string, string | number | null>;

export function TrendChart(props: { title: string; data: Datum[]; xKey: string; series: Series[]; percent?: boolean; height?: number }) {
  const fmt = (v: unknown) => (typeof v === "number" ? (props.percent ? `${(v * 100).toFixed(1)}%` : String(v)) : String(v ?? "–"));
  const tooltip = tooltipFormatter(props.percent, props.series, fmt);
  return (
    <figure className={styles.chart} aria-label={props.title}>
      <h3>{props.title}</h3>
      <ResponsiveContainer width="100%" height={props.height ?? 240}>
        <LineChart data={props.data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey={props.xKey} tick={{ fontSize: 11 }} />
          <YAxis tickFormatter={fmt} tick={{ fontSize: 11 }} width={52} domain={props.percent ? SHARE_DOMAIN : undefined} />
          <Tooltip formatter={tooltip} />
          <Legend />
          {props.series.map((s, i) => (
            <Line
              key={s.key}
              type="linear"
              dataKey={s.key}
              name={s.label}
              stroke={s.color ?? COLORS[i % COLORS.length]}
              dot={false}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/**
 * Tooltip text of a share: "22.2% (2 of 9)" when the datum carries the sample size, as `<key>:n` for
 * one series or `n` for all of them.
 */
function shareText(v: number, datum: Datum | undefined, key: unknown): string {
  const pct = `${(v * 100).toFixed(1)}%`;
  const n = datum?.[`${String(key)}:n`] ?? datum?.n;
  return typeof n === "number" && n > 0 ? `${pct} (${Math.round(v * n)} of ${n})` : pct;
}

/** Recharts tooltip formatter: shares with their sample, other values through `fmt`. */
function tooltipFormatter(percent: boolean | undefined, series: Series[], fmt: (v: unknown) => string) {
  return (v: unknown, _name: unknown, item: { payload?: Datum; dataKey?: unknown }) => {
    const share = percent || series.some((s) => s.percent && s.key === item?.dataKey);
    return share && typeof v === "number" ? shareText(v, item?.payload, item?.dataKey) : fmt(v);
  };
}

/** Value-axis range of a share: from 0 up to the next whole 10 % above the largest value (at most 100 %), so ticks fall on round percentages. */
const SHARE_DOMAIN: [number, (max: number) => number] = [0, (max) => Math.min(1, Math.max(0.1, Math.ceil(max * 10 - 1e-9) / 10))];

/** Pixels a tick label of `chars` characters needs at 11 px (generous average glyph width). */
const labelWidth = (chars: number) => Math.ceil(chars * 6.6) + 12;

export function CompareChart(props: {
  title: string;
  data: Datum[];
  xKey: string;
  series: Series[];
  stacked?: boolean;
  percent?: boolean;
  duration?: boolean;
  height?: number;
  /**
   * Bars run left to right, one category per row with its label beside it: for many or long category
   * labels ("model · gate"), which would overlap side by side under the axis.
   */
  horizontal?: boolean;
}) {
  const fmt = (v: unknown) => {
    if (typeof v !== "number") return String(v ?? "–");
    if (props.percent) return `${(v * 100).toFixed(1)}%`;
    if (props.duration) return v >= 60_000 ? `${(v / 60_000).toFixed(1)} min` : v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${v} ms`;
    return String(v);
  };
  const tooltip = tooltipFormatter(props.percent, props.series, fmt);
  const bars = props.series.map((s, i) => (
    <Bar
      key={s.key}
      dataKey={s.key}
      name={s.label}
      fill={s.color ?? COLORS[i % COLORS.length]}
      stackId={props.stacked ? "stack" : undefined}
      isAnimationActive={false}
    />
  ));
  const longest = Math.max(0, ...props.data.map((d) => String(d[props.xKey] ?? "").length));
  // Horizontal: the value axis runs along the bottom, one category per row with its label on the left.
  const axes = props.horizontal
    ? [
        <XAxis key="x" type="number" tickFormatter={fmt} tick={{ fontSize: 11 }} domain={props.percent ? [0, 1] : undefined} />,
        <YAxis key="y" type="category" dataKey={props.xKey} tick={{ fontSize: 11 }} interval={0} width={Math.min(280, labelWidth(longest))} />,
      ]
    : [
        <XAxis key="x" dataKey={props.xKey} tick={{ fontSize: 11 }} interval={0} />,
        <YAxis key="y" tickFormatter={fmt} tick={{ fontSize: 11 }} width={60} domain={props.percent ? SHARE_DOMAIN : undefined} />,
      ];
  const height = props.horizontal ? Math.max(props.height ?? 240, props.data.length * 28 + 80) : (props.height ?? 240);
  return (
    <figure className={styles.chart} aria-label={props.title}>
      <h3>{props.title}</h3>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart
          data={props.data}
          layout={props.horizontal ? "vertical" : "horizontal"}
          margin={{ top: 8, right: props.horizontal ? 28 : 16, bottom: 8, left: 0 }}
        >
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          {axes}
          <Tooltip formatter={tooltip} />
          <Legend />
          {bars}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
