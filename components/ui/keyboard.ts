/** Single-key shortcuts must not fire while someone types in a field. */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  // The diff is read-only: shortcuts still apply there, except in the comment boxes drawn inside it.
  if (el.closest?.(".monaco-editor") && !el.closest(".gh-zone")) return false;
  // A tick box or a button keeps the shortcuts (a reviewer ticks "Viewed", then presses j).
  if (el.tagName === "INPUT" && ["checkbox", "radio", "button", "submit", "reset"].includes((el as HTMLInputElement).type)) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
}

/** A plain key press: no Ctrl/Alt/Meta (those belong to the browser), not while typing. */
export function isShortcutKey(e: KeyboardEvent): boolean {
  return !e.metaKey && !e.ctrlKey && !e.altKey && !isTyping(e.target);
}
