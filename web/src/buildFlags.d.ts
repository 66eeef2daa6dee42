/** Set by vite.config.ts: true only in the e2e build (`vite build --mode e2e`). */
declare const __E2E_HOOKS__: boolean;
