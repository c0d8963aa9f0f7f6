"use client";
/** Stats filters, kept in the URL query string so a view can be bookmarked and shared. */
import { useEffect, useState } from "react";
import { usePathname, useRouter } from "next/navigation";
import { filtersToSearchParams, WINDOWS, type FilterKey, type FilterValues } from "@/lib/stats/filters";
import { ECOSYSTEMS, TIERS } from "@/lib/settings/constants";
import type { StatsOptions } from "@/lib/stats/types";
import styles from "./stats.module.css";

const WINDOW_LABELS: Record<string, string> = { "7d": "Last 7 days", "30d": "Last 30 days", "90d": "Last 90 days", custom: "Custom" };
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function FilterBar({ values, options }: { values: FilterValues; options: StatsOptions | undefined }) {
  const router = useRouter();
  const pathname = usePathname() ?? "/stats";
  const window = values.window ?? "30d";

  const update = (key: FilterKey, value: string) => {
    const next: FilterValues = { ...values, [key]: value };
    if (key === "window" && value === "custom") {
      // Start from the last 30 days so the custom range is valid right away.
      const today = new Date();
      next.to = values.to ?? today.toISOString().slice(0, 10);
      next.from = values.from ?? new Date(today.getTime() - 29 * 86_400_000).toISOString().slice(0, 10);
    }
    if (next.window === "custom" && !(DATE.test(next.from ?? "") && DATE.test(next.to ?? ""))) return;
    const qs = filtersToSearchParams(next).toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };

  const fromUrl = values.includeReplays === "1" || values.includeReplays === "true";
  // Ticked at once on click; the URL (and so the figures) follow.
  const [includeReplays, setIncludeReplays] = useState(fromUrl);
  useEffect(() => setIncludeReplays(fromUrl), [fromUrl]);
  const models = options?.models ?? [];
  const repositories = options?.repositories ?? [];
  return (
    <form className={styles.filterBar} aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      <label>
        Time window
        <select value={window} onChange={(e) => update("window", e.target.value)} name="window">
          {WINDOWS.map((w) => (
            <option key={w} value={w}>
              {WINDOW_LABELS[w]}
            </option>
          ))}
        </select>
      </label>
      {window === "custom" ? (
        <>
          <label>
            From
            <input type="date" name="from" value={values.from ?? ""} max={values.to} onChange={(e) => update("from", e.target.value)} />
          </label>
          <label>
            To (inclusive)
            <input type="date" name="to" value={values.to ?? ""} min={values.from} onChange={(e) => update("to", e.target.value)} />
          </label>
        </>
      ) : null}
      <label>
        Repository
        <select value={values.repositoryId ?? ""} onChange={(e) => update("repositoryId", e.target.value)} name="repositoryId">
          <option value="">All repositories</option>
          {repositories.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Tier
        <select value={values.tier ?? ""} onChange={(e) => update("tier", e.target.value)} name="tier">
          <option value="">All tiers</option>
          {TIERS.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label>
        Model
        <select value={values.model ?? ""} onChange={(e) => update("model", e.target.value)} name="model">
          <option value="">All models</option>
          {/* Keep a model from the URL selectable even if it has no changes. */}
          {(values.model && !models.includes(values.model) ? [values.model, ...models] : models).map((m) => (
            <option key={m} value={m}>
              {m}
            </option>
          ))}
        </select>
      </label>
      <label>
        Ecosystem
        <select value={values.ecosystem ?? ""} onChange={(e) => update("ecosystem", e.target.value)} name="ecosystem">
          <option value="">npm and PyPI</option>
          {ECOSYSTEMS.map((e) => (
            <option key={e} value={e}>
              {e === "pypi" ? "PyPI" : e}
            </option>
          ))}
        </select>
      </label>
      <label className={styles.toggle}>
        <span>
          <input
            type="checkbox"
            name="includeReplays"
            checked={includeReplays}
            onChange={(e) => {
              setIncludeReplays(e.target.checked);
              update("includeReplays", e.target.checked ? "1" : "");
            }}
          />{" "}
          Include replays
        </span>
        <small>changes the recorded (demo) provider replayed</small>
      </label>
    </form>
  );
}
