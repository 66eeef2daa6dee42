import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { goToRoom } from './support/participant.ts';

async function expectNoViolations(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(
    violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}

for (const colorScheme of ['dark', 'light'] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test(`lobby and pre-join have no axe violations`, async ({ app, participant }) => {
      const ana = await participant('Ana', { colorScheme });
      await ana.page.goto(app.url);
      await expect(ana.page.getByRole('button', { name: 'Join', exact: true })).toBeVisible();
      await expectNoViolations(ana.page);

      await goToRoom(ana, app.url, 'Accessible room');
      await expect(ana.page.locator('video')).toBeVisible();
      await expectNoViolations(ana.page);
    });
  });
}
