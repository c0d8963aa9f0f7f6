// Gatehouse web app. Runs fully offline: no telemetry, no remote fonts or CDNs.
process.env.NEXT_TELEMETRY_DISABLED = "1";

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native / heavy packages the server loads from node_modules instead of bundling.
  serverExternalPackages: [
    "@prisma/adapter-better-sqlite3",
    "@prisma/adapter-pg",
    "better-sqlite3",
    "pg",
    "typescript",
    "web-tree-sitter",
    "@typescript-eslint/typescript-estree",
  ],
  poweredByHeader: false,
  images: { unoptimized: true },
  experimental: {
    // forbidden() + app/forbidden.tsx render the 403 page for roles that lack a permission.
    authInterrupts: true,
  },
};

export default nextConfig;
