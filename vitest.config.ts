import { defineConfig } from 'vitest/config';

// Separate from vite.config.ts so unit tests do not start the dev signaling plugin.
export default defineConfig({
  test: {
    include: ['signal/**/*.test.ts', 'web/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
