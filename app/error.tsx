"use client";
import { useEffect } from "react";

/** Error boundary for pages: a short message and a retry; details stay in the server log. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <div className="status-page" role="alert">
      <div className="code">Error</div>
      <h1>Something went wrong</h1>
      <p className="muted">
        The page could not be shown.{error.digest ? <> Reference: <code>{error.digest}</code></> : null}
      </p>
      <p>
        <button type="button" className="button" onClick={() => reset()}>
          Try again
        </button>
      </p>
    </div>
  );
}
