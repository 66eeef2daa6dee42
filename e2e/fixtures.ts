import { test as base } from '@playwright/test';
import { expect } from './support/expect.ts';
import type { Browser, BrowserContextOptions } from '@playwright/test';
import { startApp } from './support/appServer.ts';
import type { AppServer, ServerEnv } from './support/appServer.ts';
import { launchOptionsFor } from './support/browsers.ts';
import type { Engine } from './support/browsers.ts';
import { joinAll } from './support/participant.ts';
import type { Participant } from './support/participant.ts';

export interface ParticipantOptions extends BrowserContextOptions {
  /** The browser this person uses; the project's own by default. */
  engine?: Engine;
}

export interface Fixtures {
  /**
   * The browsers people take in turn when a test names none: the first person in the first,
   * the second in the next, and so on. The firefox project alternates Firefox and Chromium, so
   * each spec it runs is a mixed call whose first person (the one who acts) uses Firefox.
   */
  engines: Engine[];
  /** Environment for this test's server (override with `test.use({ serverEnv })`). */
  serverEnv: ServerEnv;
  /** A fresh server (the built app) for this test. */
  app: AppServer;
  /** A new person: their own browser context and page. */
  participant: (name: string, options?: ParticipantOptions) => Promise<Participant>;
  /**
   * People who join `room` of this test's app one after another; resolves once each of them
   * decodes media, rising, from every other one (`getStats()`).
   */
  inCall: (room: string, ...names: string[]) => Promise<Participant[]>;
}

/**
 * Firefox reports a WebSocket that cannot connect (the signaling server down, as some tests
 * arrange) as a page error of its own; the app handles it, so it is no uncaught exception.
 */
const isBrowserNetworkReport = (err: Error) =>
  /^Firefox can.t establish a connection to the server at wss?:\/\//.test(err.message);

/** Browsers of the engine other than the project's, shared by the tests of one worker. */
interface WorkerFixtures {
  otherEngines: (engine: Engine) => Promise<Browser>;
}

export const test = base.extend<Fixtures, WorkerFixtures>({
  serverEnv: [{}, { option: true }],
  engines: [['chromium'], { option: true }],
  app: async ({ serverEnv }, use) => {
    const app = await startApp(serverEnv);
    await use(app);
    await app.stop();
  },
  // A browser of the other engine, launched when a test of this worker first asks for one and
  // kept for the next (as the project's own browser is): a launch costs seconds.
  otherEngines: [
    async ({ playwright }, use) => {
      const others = new Map<Engine, Promise<Browser>>();
      await use((engine) => {
        let other = others.get(engine);
        if (!other) {
          other = playwright[engine].launch(launchOptionsFor(engine));
          others.set(engine, other);
        }
        return other;
      });
      await Promise.all([...others.values()].map(async (other) => (await other).close()));
    },
    { scope: 'worker' },
  ],
  participant: async ({ browser, browserName, engines, otherEngines }, use) => {
    const people: Participant[] = [];
    const browserFor = (engine: Engine): Promise<Browser> =>
      engine === browserName ? Promise.resolve(browser) : otherEngines(engine);
    // People asked for at once (Promise.all) still take the engines in the order asked.
    let asked = 0;
    await use(async (name, { engine = engines[asked % engines.length], ...options } = {}) => {
      asked += 1;
      if (engine === undefined) throw new Error('the engines option is empty');
      const context = await (await browserFor(engine)).newContext({ locale: 'en-US', ...options });
      const page = await context.newPage();
      const person: Participant = { name, engine, context, page, errors: [] };
      page.on('pageerror', (err) => {
        if (!isBrowserNetworkReport(err)) person.errors.push(err);
      });
      people.push(person);
      return person;
    });
    // Closed together: closed in turn, each waited on the pages still in the call.
    await Promise.all(people.map((person) => person.context.close()));
    for (const person of people) {
      expect(
        person.errors.map((e) => e.message),
        `page errors of ${person.name}`,
      ).toEqual([]);
    }
  },
  inCall: async ({ app, participant }, use) => {
    await use(async (room, ...names) => {
      const people = await Promise.all(names.map((name) => participant(name)));
      await joinAll(people, app.url, room);
      return people;
    });
  },
});

export { expect };
