import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { signalDevServer } from './signal/vitePlugin.ts';

/**
 * Emits room.html: index.html plus module preloads of the room chunk (web/src/room.ts)
 * and everything it imports. The server sends it for a room's URL (signal/http.ts), so an
 * invite link fetches the room alongside the entry; the lobby (index.html) does not.
 */
function roomHtml(): Plugin {
  let base = '/';
  return {
    name: 'room-call-room-html',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      base = config.base;
    },
    generateBundle(_options, bundle) {
      const index = bundle['index.html'];
      const chunks = Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [c] : []));
      const room = chunks.find((c) => c.facadeModuleId?.endsWith('/web/src/room.ts'));
      if (index?.type !== 'asset' || !room)
        throw new Error('room.html: no index.html or room chunk');
      const html =
        typeof index.source === 'string' ? index.source : new TextDecoder().decode(index.source);
      // The room chunk and everything it imports, less what index.html loads already.
      const byName = new Map(chunks.map((c) => [c.fileName, c]));
      const needed = new Set<string>();
      const add = (file: string) => {
        if (needed.has(file)) return;
        needed.add(file);
        for (const dep of byName.get(file)?.imports ?? []) add(dep);
      };
      add(room.fileName);
      const files = [...needed].filter((f) => !html.includes(`${base}${f}"`));
      const links = files.map((f) => `<link rel="modulepreload" crossorigin href="${base}${f}">`);
      this.emitFile({
        type: 'asset',
        fileName: 'room.html',
        source: html.replace('</head>', `  ${links.join('\n    ')}\n  </head>`),
      });
    },
  };
}

/**
 * `vite build` is the product (dist/web). `vite build --mode e2e` is the same app with the
 * end-to-end suite's hooks (web/src/debug/e2eHooks.ts) in dist-e2e/web. The dev server (`vite`,
 * never shipped) has the hooks too, for diagnostics and for the spec that runs against it.
 */
export default defineConfig(({ command, mode }) => ({
  root: 'web',
  publicDir: 'public',
  plugins: [react(), tailwindcss(), signalDevServer(), roomHtml()],
  define: { __E2E_HOOKS__: JSON.stringify(mode === 'e2e' || command === 'serve') },
  build: {
    outDir: mode === 'e2e' ? '../dist-e2e/web' : '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    port: Number(process.env.PORT ?? 5173),
    strictPort: false,
  },
}));
