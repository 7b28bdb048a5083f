// Builds the web app before `npm start` when web/dist is missing or older than its sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'web/dist/index.html');

function newest(p) {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(p).map((f) => newest(path.join(p, f))));
}

const sources = Math.max(
  newest(path.join(root, 'web/src')),
  newest(path.join(root, 'web/index.html')),
  newest(path.join(root, 'web/vite.config.ts')),
);
if (existsSync(dist) && statSync(dist).mtimeMs >= sources) process.exit(0);
process.stderr.write('正在构建前端（首次启动约需一分钟）…\n');
const result = spawnSync(
  path.join(root, 'node_modules/.bin/vite'),
  ['build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
