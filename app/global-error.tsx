"use client";
import "./globals.css";

/** Last-resort boundary when the root layout itself fails; renders its own <html>. */
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <div className="center-page">
          <div className="status-page" role="alert">
            <div className="code">Error</div>
            <h1>Gatehouse hit an unexpected error</h1>
            {error.digest ? (
              <p className="muted">
                Reference: <code>{error.digest}</code>
              </p>
            ) : null}
            <button type="button" className="button" onClick={() => reset()}>
              Try again
            </button>
          </div>
        </div>
      </body>
    </html>
  );
}
