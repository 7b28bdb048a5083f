// Compiles the server before `npm start` when build/main.js is missing or older than its sources
// (server/, domain/, the lock file), as build-web-if-stale.mjs does for the web app.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildDir, buildServer } from './build-server.mjs';

const root = path.resolve(import.meta.dirname, '..');

function newest(p) {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(p).map((f) => newest(path.join(p, f))));
}

const output = path.join(buildDir, 'main.js');
const sources = Math.max(
  newest(path.join(root, 'server')),
  newest(path.join(root, 'domain')),
  newest(path.join(root, 'package-lock.json')),
);
if (!existsSync(output) || statSync(output).mtimeMs < sources) {
  process.stderr.write('正在编译服务端…\n');
  await buildServer();
}
