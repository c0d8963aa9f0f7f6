"use client";
/**
 * Target files as removable chips plus a combobox whose suggestions come from the repository's
 * default branch (debounced requests to /api/jobs/files). Enter adds the highlighted suggestion, or
 * the typed path when nothing is highlighted (a new file).
 */
import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { apiFetch } from "@/components/api-client";
import { matchFiles } from "@/lib/jobs/match-files";

const DEBOUNCE_MS = 200;

export function TargetFilesInput(props: {
  id: string;
  repositoryId: string;
  value: string[];
  onChange: (paths: string[]) => void;
  invalid?: boolean;
}) {
  const listId = useId();
  const [text, setText] = useState("");
  const [debounced, setDebounced] = useState("");
  const [open, setOpen] = useState(false);
  const [highlight, setHighlight] = useState(-1);

  useEffect(() => {
    const t = setTimeout(() => setDebounced(text.trim()), DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text]);

  const q = useQuery({
    queryKey: ["repo-files", props.repositoryId, debounced],
    queryFn: () =>
      apiFetch<{ files: string[]; error?: string }>(
        `/api/jobs/files?repositoryId=${encodeURIComponent(props.repositoryId)}&q=${encodeURIComponent(debounced)}`,
      ),
    enabled: Boolean(props.repositoryId) && open,
    staleTime: 30_000,
    placeholderData: (prev) => prev,
  });
  // While the next answer is on its way, the previous one is narrowed to what is typed now.
  const suggestions = matchFiles((q.data?.files ?? []).filter((f) => !props.value.includes(f)), text);

  function add(path: string) {
    const p = path.trim().replace(/^\.?\//, "");
    if (p && !props.value.includes(p)) props.onChange([...props.value, p]);
    setText("");
    setHighlight(-1);
  }

  return (
    <div className="target-files">
      {props.value.length ? (
        <ul className="chips" aria-label="Selected target files" data-testid="target-chips">
          {props.value.map((p) => (
            <li key={p} className="chip">
              <code>{p}</code>
              <button type="button" aria-label={`Remove ${p}`} onClick={() => props.onChange(props.value.filter((x) => x !== p))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="combobox">
        <input
          id={props.id}
          type="text"
          role="combobox"
          aria-expanded={open && suggestions.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-invalid={props.invalid ? true : undefined}
          aria-activedescendant={highlight >= 0 ? `${listId}-${highlight}` : undefined}
          autoComplete="off"
          placeholder={props.repositoryId ? "Type to search the repository's files" : "Choose a repository first"}
          disabled={!props.repositoryId}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
            setHighlight(-1);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") {
              e.preventDefault();
              setOpen(true);
              setHighlight((h) => Math.min(h + 1, suggestions.length - 1));
            } else if (e.key === "ArrowUp") {
              e.preventDefault();
              setHighlight((h) => Math.max(h - 1, -1));
            } else if (e.key === "Enter") {
              e.preventDefault();
              if (highlight >= 0 && suggestions[highlight]) add(suggestions[highlight]);
              else if (text.trim()) add(text);
            } else if (e.key === "Escape") setOpen(false);
          }}
        />
        {open && suggestions.length > 0 ? (
          <ul id={listId} role="listbox" className="suggestions" data-testid="file-suggestions">
            {suggestions.map((f, i) => (
              <li
                key={f}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === highlight}
                onMouseDown={(e) => {
                  e.preventDefault();
                  add(f);
                }}
              >
                {f}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {q.data?.error ? <span className="hint">{q.data.error}</span> : null}
    </div>
  );
}
