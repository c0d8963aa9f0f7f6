/** Timestamps as "2026-03-01 12:00 UTC": identical on server and client, so hydration never differs. */
export function formatUtc(iso: string | null | undefined): string {
  if (!iso) return "—";
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}
