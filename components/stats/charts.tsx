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
}

type Datum = Record<string, string | number | null>;

export function TrendChart(props: { title: string; data: Datum[]; xKey: string; series: Series[]; percent?: boolean; height?: number }) {
  const fmt = (v: unknown) => (typeof v === "number" ? (props.percent ? `${(v * 100).toFixed(1)}%` : String(v)) : String(v ?? "–"));
  return (
    <figure className={styles.chart} aria-label={props.title}>
      <h3>{props.title}</h3>
      <ResponsiveContainer width="100%" height={props.height ?? 240}>
        <LineChart data={props.data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey={props.xKey} tick={{ fontSize: 11 }} />
          <YAxis tickFormatter={fmt} tick={{ fontSize: 11 }} width={52} />
          <Tooltip formatter={(v) => fmt(v)} />
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

export function CompareChart(props: {
  title: string;
  data: Datum[];
  xKey: string;
  series: Series[];
  stacked?: boolean;
  percent?: boolean;
  duration?: boolean;
  height?: number;
}) {
  const fmt = (v: unknown) => {
    if (typeof v !== "number") return String(v ?? "–");
    if (props.percent) return `${(v * 100).toFixed(1)}%`;
    if (props.duration) return v >= 60_000 ? `${(v / 60_000).toFixed(1)} min` : v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${v} ms`;
    return String(v);
  };
  return (
    <figure className={styles.chart} aria-label={props.title}>
      <h3>{props.title}</h3>
      <ResponsiveContainer width="100%" height={props.height ?? 240}>
        <BarChart data={props.data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#e5e7eb" />
          <XAxis dataKey={props.xKey} tick={{ fontSize: 11 }} interval={0} />
          <YAxis tickFormatter={fmt} tick={{ fontSize: 11 }} width={60} />
          <Tooltip formatter={(v) => fmt(v)} />
          <Legend />
          {props.series.map((s, i) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              fill={s.color ?? COLORS[i % COLORS.length]}
              stackId={props.stacked ? "stack" : undefined}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
