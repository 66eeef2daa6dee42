/**
 * A call whose people each sit on their own network side (netns.ts), in Chromium, with the app
 * served from the router, so that every link can be shaped (linkShaping.ts). Chromium only:
 * its getStats() reports the congestion controller's estimate (availableOutgoingBitrate) and
 * the reason an encoder is limited, which these figures use; Firefox reports neither.
 */
import type { Browser, PlaywrightWorkerArgs } from '@playwright/test';
import { expect } from '../fixtures.ts';
import { startApp } from './appServer.ts';
import type { AppServer } from './appServer.ts';
import { linkShaper } from './linkShaping.ts';
import type { LinkShaper } from './linkShaping.ts';
import { personInNamespace } from './namespaceBrowsers.ts';
import { createSplitNetwork } from './netns.ts';
import type { Side, SplitNetwork } from './netns.ts';
import { goToRoom } from './participant.ts';
import type { Participant } from './participant.ts';

export interface ShapedCall {
  net: SplitNetwork;
  shaper: LinkShaper;
  people: { person: Participant; side: Side }[];
  /** Everyone clicks Join call, in order. */
  join(): Promise<void>;
  close(): Promise<void>;
}

/** People at the pre-join view of `room`, each in a namespace of their own (pages loaded). */
export async function shapedCall(
  playwright: PlaywrightWorkerArgs['playwright'],
  room: string,
  names: [string, string] | [string, string, string],
): Promise<ShapedCall> {
  const net = createSplitNetwork({ sides: names.length });
  const browsers: Browser[] = [];
  let server: AppServer | undefined;
  const people: ShapedCall['people'] = [];
  const close = async () => {
    for (const { person } of people) await person.context.close().catch(() => undefined);
    for (const browser of browsers) await browser.close().catch(() => undefined);
    await server?.stop();
    net.destroy();
  };
  try {
    server = await startApp({ HOST: '0.0.0.0' }, 0, { netns: net.router });
    const port = server.port;
    const origins = net.sides.map((side) => `http://${side.gateway}:${port}`);
    for (const [i, name] of names.entries()) {
      const side = net.sides[i];
      if (!side) throw new Error('a side per person');
      const person = await personInNamespace(playwright, net, side, name, origins, browsers);
      people.push({ person, side });
      await goToRoom(person, `http://${side.gateway}:${port}`, room);
    }
  } catch (err) {
    await close();
    throw err;
  }
  return {
    net,
    shaper: linkShaper(net),
    people,
    async join() {
      for (const { person } of people) {
        await person.page.getByRole('button', { name: 'Join call' }).click();
        await expect(person.page.getByRole('button', { name: 'Leave call' })).toBeVisible();
      }
    },
    close,
  };
}
