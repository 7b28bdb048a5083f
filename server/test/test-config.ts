import { existsSync } from 'node:fs';
import path from 'node:path';

// The one place tests read their environment (CONTRACTS.md, Environment).
export const testConfig = {
  databaseUrl: process.env.TEST_DATABASE_URL || undefined,
  chromiumPath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  requireBrowser: process.env.REQUIRE_BROWSER === '1',
  /** REQUIRE_OFFICE=1: the print tests (LibreOffice → PDF) must run; a missing soffice fails instead of skipping. */
  requireOffice: process.env.REQUIRE_OFFICE === '1',
  /** Which database this vitest project runs the server tests on. */
  dbKind: process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite',
  /** Robustness test case count: `npm test -- <file> --cases N` (scripts/test.mjs) sets FUZZ_CASES. */
  fuzzCases: Number(process.env.FUZZ_CASES || 2000),
};

export function chromiumAvailable(): boolean {
  return existsSync(testConfig.chromiumPath);
}

/** The first directory on PATH holding an executable named `name`, or null. */
export function onPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return null;
}

/** What the print tests need: LibreOffice to render, poppler's pdftotext to read the PDF back. */
export function officeMissing(): string[] {
  return [
    ...(onPath('soffice') ? [] : ['soffice (libreoffice-calc, libreoffice-writer)']),
    ...(onPath('pdftotext') ? [] : ['pdftotext (poppler-utils)']),
  ];
}

/** The environment for a child process under test (the CLI, the server): this one's plus extra. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}
