import { defineConfig } from '@playwright/test';
import base from './playwright.config.ts';

// `npm run screenshots`: the README's pictures, taken from the real app.
export default defineConfig({
  ...base,
  testDir: 'scripts/screenshots',
  reporter: 'list',
});
