import type { Database } from '../db/database.ts';
import type { Env } from '../env.ts';

/** Bad usage or unreadable input: exit code 2 (CONTRACTS.md). */
export class CliUsageError extends Error {}

export interface CliContext {
  env: Env;
  /** Positional arguments after the command words. */
  args: string[];
  /** --flag value / --flag (true). */
  flags: Record<string, string | boolean>;
  /** stdout: the result only. */
  out(text: string): void;
  /** stderr: messages and progress. */
  err(text: string): void;
  /** The migrated database (with demo data on an empty one), opened on first use. */
  database(): Promise<Database>;
}

export interface CliCommand {
  /** Command words, e.g. ['audit', 'verify']. */
  words: string[];
  usage: string;
  /** Returns the exit code: 0 success, 1 domain failure. Throw CliUsageError for 2. */
  run(ctx: CliContext): Promise<number>;
}
