import { test as base, expect } from '@playwright/test';
import type { BrowserContextOptions } from '@playwright/test';
import { startApp } from './support/appServer.ts';
import type { AppServer, ServerEnv } from './support/appServer.ts';
import type { Participant } from './support/participant.ts';

export interface Fixtures {
  /** Environment for this test's server (override with `test.use({ serverEnv })`). */
  serverEnv: ServerEnv;
  /** A fresh server (the built app) for this test. */
  app: AppServer;
  /** A new person: their own browser context and page. */
  participant: (name: string, options?: BrowserContextOptions) => Promise<Participant>;
}

export const test = base.extend<Fixtures>({
  serverEnv: [{}, { option: true }],
  app: async ({ serverEnv }, use) => {
    const app = await startApp(serverEnv);
    await use(app);
    await app.stop();
  },
  participant: async ({ browser }, use) => {
    const people: Participant[] = [];
    await use(async (name, options = {}) => {
      const context = await browser.newContext({ locale: 'en-US', ...options });
      const page = await context.newPage();
      const person: Participant = { name, context, page, errors: [] };
      page.on('pageerror', (err) => person.errors.push(err));
      people.push(person);
      return person;
    });
    for (const person of people) await person.context.close();
    for (const person of people) {
      expect(
        person.errors.map((e) => e.message),
        `page errors of ${person.name}`,
      ).toEqual([]);
    }
  },
});

export { expect };
