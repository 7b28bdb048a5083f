// `npm test -- [vitest arguments] [--cases N]`: vitest refuses flags it does not know, so the
// robustness test's `--cases N` is taken out here and handed on as FUZZ_CASES (read in
// server/test/test-config.ts); everything else goes to `vitest run` unchanged.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const rest = [];
let cases;
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--cases') {
    cases = args[++i];
  } else if (arg.startsWith('--cases=')) {
    cases = arg.slice('--cases='.length);
  } else {
    rest.push(arg);
  }
}
const env = { ...process.env };
if (cases !== undefined) {
  if (!/^[1-9]\d*$/.test(cases ?? '')) {
    process.stderr.write(`--cases 需要一个正整数 (a positive whole number), got ${cases ?? 'nothing'}\n`);
    process.exit(2);
  }
  env.FUZZ_CASES = cases;
}
const vitest = path.join(root, 'node_modules/vitest/vitest.mjs');
const result = spawnSync(process.execPath, [vitest, 'run', ...rest], { cwd: process.cwd(), stdio: 'inherit', env });
if (result.signal) process.kill(process.pid, result.signal);
process.exit(result.status ?? 1);
