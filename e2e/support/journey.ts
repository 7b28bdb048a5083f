import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, type TestBrowser } from './browser.ts';
import { screenshotOnFailure } from './page-actions.ts';
import { startServer, type TestServer } from './server.ts';

export interface Journey {
  server: TestServer;
  browser: TestBrowser;
  page: Page;
}

/**
 * Inside a describe: a server of its own and a fresh browser for the file's journey, handed to `ready` once
 * both are up and closed after the last step; a failed step leaves a screenshot named after `label`.
 */
export function browserJourney(label: string, ready: (journey: Journey) => Promise<void> | void): void {
  let journey: Journey | undefined;
  let opened: { server?: TestServer; browser?: TestBrowser } = {};
  beforeAll(async () => {
    const [server, browser] = await Promise.allSettled([startServer(), launchBrowser()]);
    opened = {
      ...(server.status === 'fulfilled' && { server: server.value }),
      ...(browser.status === 'fulfilled' && { browser: browser.value }),
    };
    if (server.status === 'rejected') throw server.reason;
    if (browser.status === 'rejected') throw browser.reason;
    journey = { server: server.value, browser: browser.value, page: browser.value.page };
    await ready(journey);
  });
  screenshotOnFailure(label, () => journey?.page);
  afterAll(async () => {
    await opened.browser?.close();
    await opened.server?.stop();
  });
}
