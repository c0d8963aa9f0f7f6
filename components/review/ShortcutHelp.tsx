"use client";
import { useEffect, useRef } from "react";

export const SHORTCUTS: [string, string][] = [
  ["j", "next file"],
  ["k", "previous file"],
  ["n", "next finding"],
  ["p", "previous finding"],
  ["s", "side by side / inline"],
  ["a", "approve (asks to confirm)"],
  ["r", "reroute (opens the form)"],
  ["x", "reject (opens the form)"],
  ["?", "show or hide this help"],
];

/** The `?` popover listing the review keyboard shortcuts. */
export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={ref} className="modal" onClose={onClose} aria-label="Keyboard shortcuts" data-testid="shortcut-help">
      <header className="modal-head">
        <strong>Keyboard shortcuts</strong>
        <button type="button" className="button button-secondary button-small" onClick={() => ref.current?.close()}>
          Close
        </button>
      </header>
      <table className="shortcuts">
        <tbody>
          {SHORTCUTS.map(([k, what]) => (
            <tr key={k}>
              <td>
                <kbd>{k}</kbd>
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </dialog>
  );
}
