"use client";
/**
 * Target files as removable chips plus a combobox whose suggestions come from the repository's
 * default branch (debounced requests to /api/jobs/files). The first suggestion is highlighted, and Enter
 * adds the highlighted one; with no suggestion shown, Enter adds the typed path only if it is a file of
 * the default branch (the server refuses others too), and otherwise says so.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import { apiFetch } from "@/components/api-client";
import { matchFiles } from "@/lib/jobs/match-files";

const DEBOUNCE_MS = 200;

type FilesAnswer = { files: string[]; error?: string };
const normalize = (path: string) => path.trim().replace(/^\.?\//, "");

export function TargetFilesInput(props: {
  id: string;
  repositoryId: string;
  value: string[];
  onChange: (paths: string[]) => void;
  /** A typed path that cannot be added (not a file of the default branch), or null once it is resolved. */
  onProblem?: (message: string | null) => void;
  invalid?: boolean;
}) {
  const qc = useQueryClient();
  const listId = useId();
  const [text, setText] = useState("");
  const [debounced, setDebounced] = useState("");
  const [open, setOpen] = useState(false);
  const [highlight, setHighlight] = useState(0);

  useEffect(() => {
    const t = setTimeout(() => setDebounced(text.trim()), DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [text]);

  const filesQuery = (q: string) => ({
    queryKey: ["repo-files", props.repositoryId, q],
    queryFn: () => apiFetch<FilesAnswer>(`/api/jobs/files?repositoryId=${encodeURIComponent(props.repositoryId)}&q=${encodeURIComponent(q)}`),
  });
  const q = useQuery({
    ...filesQuery(debounced),
    enabled: Boolean(props.repositoryId) && open,
    staleTime: 30_000,
    placeholderData: (prev) => prev,
  });
  // While the next answer is on its way, the previous one is narrowed to what is typed now.
  const suggestions = matchFiles((q.data?.files ?? []).filter((f) => !props.value.includes(f)), text);
  const shown = open && suggestions.length > 0;
  const active = shown ? Math.min(highlight, suggestions.length - 1) : -1;

  function add(path: string) {
    const p = normalize(path);
    if (p && !props.value.includes(p)) props.onChange([...props.value, p]);
    setText("");
    setHighlight(0);
    props.onProblem?.(null);
  }

  /** Enter with no suggestion shown: the typed path, if the default branch has that file. */
  async function addTyped(typed: string) {
    const p = normalize(typed);
    let answer: FilesAnswer;
    try {
      answer = await qc.fetchQuery({ ...filesQuery(p), staleTime: 30_000 });
    } catch {
      props.onProblem?.("The repository's files could not be listed; pick a suggestion or try again.");
      return;
    }
    if (answer.files.includes(p)) add(p);
    else props.onProblem?.(answer.error ?? `${p} is not a file of the default branch; pick one of the suggestions.`);
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
          aria-expanded={shown}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-invalid={props.invalid ? true : undefined}
          aria-activedescendant={active >= 0 ? `${listId}-${active}` : undefined}
          autoComplete="off"
          placeholder={props.repositoryId ? "Type to search the repository's files" : "Choose a repository first"}
          disabled={!props.repositoryId}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setOpen(true);
            setHighlight(0);
            props.onProblem?.(null);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") {
              e.preventDefault();
              setOpen(true);
              setHighlight(Math.max(0, Math.min(active + 1, suggestions.length - 1)));
            } else if (e.key === "ArrowUp") {
              e.preventDefault();
              setHighlight(Math.max(active - 1, 0));
            } else if (e.key === "Enter") {
              e.preventDefault();
              if (active >= 0) add(suggestions[active]);
              else if (text.trim()) void addTyped(text);
            } else if (e.key === "Escape") setOpen(false);
          }}
        />
        {shown ? (
          <ul id={listId} role="listbox" className="suggestions" data-testid="file-suggestions">
            {suggestions.map((f, i) => (
              <li
                key={f}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
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
