import { defineConfig } from 'vitest/config';
import { chromiumAvailable, officeMissing, testConfig } from './server/test/test-config.ts';

const browser = chromiumAvailable();
if (!browser) {
  const how = '安装方法 (how to install): apt-get install -y chromium fonts-noto-cjk, or set CHROMIUM_PATH';
  if (testConfig.requireBrowser) {
    throw new Error(`REQUIRE_BROWSER=1 but no Chromium at ${testConfig.chromiumPath}. ${how}`);
  }
  console.warn(`Browser tests skipped: no Chromium at ${testConfig.chromiumPath}. ${how}`);
}

// Print tests render the exports through LibreOffice and read the PDF back (server/**/*.print.test.ts).
const officeGaps = officeMissing();
const office = officeGaps.length === 0;
if (!office) {
  const how =
    '安装方法 (how to install): apt-get install -y libreoffice-calc libreoffice-writer fonts-noto-cjk poppler-utils';
  if (testConfig.requireOffice) {
    throw new Error(`REQUIRE_OFFICE=1 but ${officeGaps.join(' and ')} not found. ${how}`);
  }
  console.warn(`Print tests skipped: ${officeGaps.join(' and ')} not found. ${how}`);
}

const serverProject = (db: 'pglite' | 'postgres') => ({
  test: {
    name: `server-${db}`,
    include: ['server/**/*.test.ts'],
    exclude: ['server/**/*.print.test.ts', '**/node_modules/**'],
    env: { TEST_DB: db },
    globalSetup: ['server/test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { test: { name: 'domain', include: ['domain/**/*.test.ts', 'bench/**/*.test.ts'], testTimeout: 120_000 } },
      serverProject('pglite'),
      ...(testConfig.databaseUrl ? [serverProject('postgres')] : []),
      ...(office
        ? [
            {
              test: {
                name: 'print',
                include: ['server/**/*.print.test.ts'],
                env: { TEST_DB: 'pglite' },
                globalSetup: ['server/test/global-setup.ts'],
                testTimeout: 180_000,
                hookTimeout: 240_000,
                // One LibreOffice at a time: the machine is small and each conversion starts a whole office.
                fileParallelism: false,
              },
            },
          ]
        : []),
      ...(browser
        ? [
            {
              test: {
                name: 'e2e',
                include: ['e2e/**/*.test.ts'],
                env: { TEST_DB: 'pglite' },
                globalSetup: ['e2e/global-setup.ts'],
                testTimeout: 180_000,
                hookTimeout: 240_000,
                fileParallelism: false,
              },
            },
          ]
        : []),
    ],
  },
});
