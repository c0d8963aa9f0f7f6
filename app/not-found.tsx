import Link from "next/link";

export default function NotFound() {
  return (
    <div className="center-page">
      <div className="status-page">
        <div className="code">404</div>
        <h1>Page not found</h1>
        <p className="muted">The page you asked for does not exist or was moved.</p>
        <p>
          <Link href="/">Back to the queue</Link>
        </p>
      </div>
    </div>
  );
}
