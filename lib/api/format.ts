/** Small display helpers shared by server-rendered pages. */

/** "just now", "5 min", "3 h", "2 d" — compact ages for tables. */
export function formatAge(from: Date, now: Date = new Date()): string {
  const s = Math.max(0, Math.floor((now.getTime() - from.getTime()) / 1000));
  if (s < 45) return "just now";
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h} h`;
  return `${Math.round(h / 24)} d`;
}
