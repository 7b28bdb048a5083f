// Compiles the server to JavaScript in build/ (git ignores it): `npm run build:server`, and before
// `npm start` when build/ is missing or older than its sources (see build-server-if-stale.mjs).
// One ES module bundle of our code (packages stay in node_modules), plus the embedded database's host
// process and the document-parsing worker as entries of their own; migrations and seed texts are copied beside them, because the code finds
// them relative to its own file. The web app stays at ../web/dist from there.
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
export const buildDir = path.join(root, 'build');

export async function buildServer() {
  const staging = `${buildDir}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints: {
      main: 'server/main.ts',
      'pglite-host': 'server/db/pglite-host.ts',
      // Uploaded documents are parsed in a worker thread (server/documents/parse-isolated.ts).
      'parse-worker': 'server/documents/parse-worker.ts',
    },
    outdir: staging,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  });
  cpSync(path.join(root, 'server/db/migrations'), path.join(staging, 'migrations'), { recursive: true });
  cpSync(path.join(root, 'server/demo/seed-texts'), path.join(staging, 'seed-texts'), { recursive: true });
  // Swapped in whole, so a running `npm start` never sees half a build.
  rmSync(buildDir, { recursive: true, force: true });
  cpSync(staging, buildDir, { recursive: true });
  rmSync(staging, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t0 = performance.now();
  await buildServer();
  process.stderr.write(`服务端已编译到 build/（${Math.round(performance.now() - t0)} ms）\n`);
}
