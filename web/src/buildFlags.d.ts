/** Set by vite.config.ts: true in the e2e build (`vite build --mode e2e`) and the dev server. */
declare const __E2E_HOOKS__: boolean;
