import { defineConfig } from 'vitest/config';
import { chromiumAvailable, testConfig } from './server/test/test-config.ts';

const browser = chromiumAvailable();
if (!browser) {
  const how = '安装方法 (how to install): apt-get install -y chromium fonts-noto-cjk, or set CHROMIUM_PATH';
  if (testConfig.requireBrowser) {
    throw new Error(`REQUIRE_BROWSER=1 but no Chromium at ${testConfig.chromiumPath}. ${how}`);
  }
  console.warn(`Browser tests skipped: no Chromium at ${testConfig.chromiumPath}. ${how}`);
}

const serverProject = (db: 'pglite' | 'postgres') => ({
  test: {
    name: `server-${db}`,
    include: ['server/**/*.test.ts'],
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
