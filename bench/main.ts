import { backupBench } from './backup.bench.ts';
import { bombsBench } from './bombs.bench.ts';
import { parseBench } from './parse.bench.ts';
import { rollupBench } from './rollup.bench.ts';
import { submitBench } from './submit.bench.ts';

// `npm run --silent bench -- <name> [args]`: one JSON line on stdout (CONTRACTS.md, Benchmarks).
const benches: Record<string, (args: string[]) => Promise<Record<string, unknown>>> = {
  backup: backupBench,
  bombs: bombsBench,
  parse: parseBench,
  rollup: rollupBench,
  submit: submitBench,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const bench = name ? benches[name] : undefined;
  if (!bench) {
    process.stderr.write(`用法: npm run --silent bench -- <${Object.keys(benches).join('|')}> [参数]\n`);
    return 2;
  }
  const result = await bench(args);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
