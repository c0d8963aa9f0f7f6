import Link from "next/link";

/** Rendered (with HTTP 403) when a signed-in user's role lacks the page's permission. */
export default function Forbidden() {
  return (
    <div className="status-page" data-testid="forbidden">
      <div className="code">403</div>
      <h1>You don&apos;t have access to this page</h1>
      <p className="muted">Your role does not allow this. Ask an admin if you need it.</p>
      <p>
        <Link href="/">Back to the queue</Link>
      </p>
    </div>
  );
}
