"use client";
/**
 * A stats table with a CSV export button. Columns give the raw value (used for CSV), an optional
 * display form, and an optional drill-down link: every number links to the changes behind it.
 */
import Link from "next/link";
import type { ReactNode } from "react";
import { toCsv } from "@/lib/stats/csv";
import { formatShare, percentCell } from "@/lib/stats/format";
import styles from "./stats.module.css";

export interface StatsColumn<R> {
  header: string;
  value(row: R): string | number | null;
  display?(row: R): ReactNode;
  href?(row: R): string | null;
  numeric?: boolean;
}

/**
 * A percentage column: the page shows "22.2% (2 of 9)" (the sample size next to every percentage), the
 * CSV the same percent value, 22.2, in a column whose header ends in "%".
 */
export function shareColumn<R>(header: string, part: (row: R) => number, whole: (row: R) => number): StatsColumn<R> {
  return {
    header,
    numeric: true,
    value: (r) => percentCell(whole(r) > 0 ? part(r) / whole(r) : null),
    display: (r) => formatShare(part(r), whole(r)),
  };
}

export function downloadCsv(filename: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

export function StatsTable<R>(props: {
  title: string;
  /** File name of the CSV export, without extension. */
  exportName: string;
  columns: StatsColumn<R>[];
  rows: R[];
  rowKey(row: R, index: number): string;
  empty?: string;
  testId?: string;
}) {
  const { columns, rows } = props;
  const exportCsv = () =>
    downloadCsv(
      `${props.exportName}.csv`,
      toCsv(
        columns.map((c) => ({ header: c.header, value: c.value })),
        rows,
      ),
    );
  return (
    <div className={styles.tableBlock} data-testid={props.testId}>
      <div className={styles.tableHead}>
        <h3>{props.title}</h3>
        <button type="button" className="button button-secondary button-small" onClick={exportCsv} disabled={rows.length === 0}>
          CSV
        </button>
      </div>
      {rows.length === 0 ? (
        <p className="muted">{props.empty ?? "No data for these filters."}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.header} className={c.numeric ? "num" : undefined}>
                    {c.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => (
                <tr key={props.rowKey(row, i)}>
                  {columns.map((c) => {
                    const shown = c.display ? c.display(row) : (c.value(row) ?? "–");
                    const href = c.href?.(row);
                    return (
                      <td key={c.header} className={c.numeric ? "num" : undefined}>
                        {href ? <Link href={href}>{shown}</Link> : shown}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
