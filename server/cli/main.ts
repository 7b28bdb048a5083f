import { isDomainError } from '../../domain/errors/domain-error.ts';
import { DatabaseUnavailableError, type Database } from '../db/database.ts';
import { EnvError, loadEnv } from '../env.ts';
import { bootstrap } from '../startup.ts';
import { CliUsageError, type CliContext } from './cli-command.ts';
import { commands } from './commands.ts';

function parseArgs(argv: string[]): { positional: string[]; flags: Record<string, string | boolean> } {
  const positional: string[] = [];
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg.startsWith('--')) {
      const [key, inline] = arg.slice(2).split(/=(.*)/s, 2);
      const next = argv[i + 1];
      if (inline !== undefined) flags[key ?? ''] = inline;
      else if (next !== undefined && !next.startsWith('--')) {
        flags[key ?? ''] = next;
        i++;
      } else flags[key ?? ''] = true;
    } else positional.push(arg);
  }
  return { positional, flags };
}

function usage(): string {
  return `用法: npm run --silent cli -- <command>\n${commands.map((c) => `  ${c.usage}`).join('\n')}`;
}

// Flags that take no value, so `--json FILE` keeps FILE positional.
const BOOLEAN_FLAGS = new Set(['json', 'seal', 'rollup', 'help']);

async function main(argv: string[]): Promise<number> {
  const normalised: string[] = [];
  for (const a of argv) {
    normalised.push(a);
    if (BOOLEAN_FLAGS.has(a.replace(/^--/, '')) && a.startsWith('--')) normalised.push('--');
  }
  const { positional, flags } = parseArgs(normalised.filter((a) => a !== '--'));
  const command = commands.find((c) => c.words.every((w, i) => positional[i] === w));
  if (!command || flags.help === true) {
    process.stderr.write(`${usage()}\n`);
    return command ? 0 : 2;
  }
  const env = loadEnv();
  let database: Database | undefined;
  const ctx: CliContext = {
    env,
    flags,
    args: positional.slice(command.words.length),
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    async database() {
      database ??= (await bootstrap(env, (line) => process.stderr.write(`${line}\n`))).database;
      return database;
    },
  };
  try {
    return await command.run(ctx);
  } finally {
    await database?.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    process.stderr.write(`${message}\n`);
    if (isDomainError(err)) process.exit(1);
    if (err instanceof CliUsageError || err instanceof EnvError || err instanceof DatabaseUnavailableError)
      process.exit(2);
    process.exit(2);
  },
);
