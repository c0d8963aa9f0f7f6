import fs from "node:fs";
import os from "node:os";

/** Timing and the compact result table shared by the gate benchmarks (complexity, dependencies, check). */

export interface BenchRow {
  figure: string;
  value: string;
  reference?: string;
  ratio?: string;
  target?: string;
  /** undefined: informational row without a target. */
  ok?: boolean;
}

export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Wall time of one call, in ms. */
export async function timeOnce(fn: () => unknown): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** Runs `fn` `runs` times after `warmups` untimed calls; returns every sample (ms). */
export async function sample(fn: () => unknown, runs: number, warmups = 1): Promise<number[]> {
  for (let i = 0; i < warmups; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await timeOnce(fn));
  return samples;
}

/** CPU time (ms) of finished child processes and their waited-for descendants (Linux; 0 elsewhere). */
function childrenCpuMs(): number {
  try {
    // Fields after "pid (comm) ": index 13 = cutime, 14 = cstime, in clock ticks (100 per second on Linux).
    const fields = fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return 0;
  }
}

export interface Measured {
  wall: number;
  /** This process, user + system. */
  cpu: number;
  /** Child processes that ended during the call (git, the CLI), 10 ms resolution. */
  childCpu: number;
}

/**
 * Wall and CPU time (ms) of one call. On a busy machine wall time stretches with the load while CPU
 * time does not, so both are reported.
 */
export async function measure(fn: () => unknown): Promise<Measured> {
  const cpu = process.cpuUsage();
  const children = childrenCpuMs();
  const started = performance.now();
  await fn();
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000, childCpu: childrenCpuMs() - children };
}

export function ms(value: number): string {
  if (value < 1) return `${value.toFixed(3)} ms`;
  if (value < 100) return `${value.toFixed(1)} ms`;
  return `${Math.round(value)} ms`;
}

export function ratio(value: number): string {
  return value >= 100 ? `${Math.round(value)}×` : `${value.toFixed(1)}×`;
}

export function rate(perSecond: number, unit: string): string {
  return `${Math.round(perSecond).toLocaleString("en-US")} ${unit}/s`;
}

export function printTable(rows: readonly BenchRow[], log: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): void {
  const header = ["figure", "value", "reference", "ratio", "target", ""];
  const cells = rows.map((r) => [
    r.figure,
    r.value,
    r.reference ?? "",
    r.ratio ?? "",
    r.target ?? "",
    r.ok === undefined ? "" : r.ok ? "OK" : "MISS",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (cols: string[]) => `  ${cols.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd()}`;
  log(line(header));
  log(line(widths.map((w) => "-".repeat(w))));
  for (const c of cells) log(line(c));
}

export function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Other work on the machine skews wall times; say how busy it is so the figures can be judged. */
export function sayMachineLoad(): void {
  const [one] = os.loadavg();
  say(`  machine: ${os.cpus().length} cores, load average ${one.toFixed(1)} (1 min)`);
}
