/**
 * The suite's fixtures plus Janus for SFU rooms: `janusCount` instances (one by default) in
 * network namespaces of their own, shared by a worker's tests, with one API secret and admin
 * key as in a deployment; `serverEnv` points the app at them, plus the spec's `sfuEnv`.
 */
import { randomBytes } from 'node:crypto';
import { test as base } from './fixtures.ts';
import type { ServerEnv } from './support/appServer.ts';
import { startJanusInNamespace } from '../signal/sfu/janusNamespace.ts';
import type { NamespacedJanus } from '../signal/sfu/janusNamespace.ts';

export interface SfuServers {
  janus: NamespacedJanus[];
  /** SFU_URL (every instance), SFU_SECRET, SFU_ADMIN_KEY. */
  env: ServerEnv;
}

export const test = base.extend<{ sfuEnv: ServerEnv }, { janusCount: number; sfu: SfuServers }>({
  janusCount: [1, { scope: 'worker', option: true }],
  sfu: [
    async ({ janusCount }, use) => {
      const secrets = {
        apiSecret: randomBytes(16).toString('hex'),
        adminKey: randomBytes(16).toString('hex'),
      };
      const janus = await Promise.all(
        Array.from({ length: janusCount }, () => startJanusInNamespace(secrets)),
      );
      const env = {
        SFU_URL: janus.map((j) => j.wsUrl).join(','),
        SFU_SECRET: secrets.apiSecret,
        SFU_ADMIN_KEY: secrets.adminKey,
      };
      await use({ janus, env });
      await Promise.all(janus.map((j) => j.stop()));
    },
    { scope: 'worker' },
  ],
  sfuEnv: [{}, { option: true }],
  serverEnv: async ({ sfu, sfuEnv }, use) => {
    await use({ ...sfu.env, ...sfuEnv });
  },
});

export { expect } from './fixtures.ts';
