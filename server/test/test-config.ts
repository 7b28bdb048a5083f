import { existsSync } from 'node:fs';

// The one place tests read their environment (CONTRACTS.md, Environment).
export const testConfig = {
  databaseUrl: process.env.TEST_DATABASE_URL || undefined,
  chromiumPath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  requireBrowser: process.env.REQUIRE_BROWSER === '1',
  /** Which database this vitest project runs the server tests on. */
  dbKind: process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite',
  /** Robustness test case count: `npm test -- <file> --cases N` (scripts/test.mjs) sets FUZZ_CASES. */
  fuzzCases: Number(process.env.FUZZ_CASES || 2000),
};

export function chromiumAvailable(): boolean {
  return existsSync(testConfig.chromiumPath);
}

/** The environment for a child process under test (the CLI, the server): this one's plus extra. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}
