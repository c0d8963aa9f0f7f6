/** Single-key shortcuts must not fire while someone types in a field. */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  if (el.closest?.(".monaco-editor")) return false; // the diff is read-only: shortcuts still apply there
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
}

/** A plain key press: no Ctrl/Alt/Meta (those belong to the browser), not while typing. */
export function isShortcutKey(e: KeyboardEvent): boolean {
  return !e.metaKey && !e.ctrlKey && !e.altKey && !isTyping(e.target);
}
