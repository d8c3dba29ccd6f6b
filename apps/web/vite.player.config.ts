import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/*
 * The offline court package's player (src/court/court-player.ts) as one classic IIFE script:
 * Chromium refuses ES module scripts from file://. Written next to the SPA build, where the
 * server's court package export picks it up (dist/court-player/court-player.js).
 */
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  build: {
    outDir: 'dist/court-player',
    emptyOutDir: true,
    copyPublicDir: false,
    lib: {
      entry: fileURLToPath(new URL('src/court/court-player.ts', import.meta.url)),
      formats: ['iife'],
      name: 'SohoaCourtPlayer',
      fileName: () => 'court-player.js',
    },
    rolldownOptions: {
      treeshake: { moduleSideEffects: (id: string) => !id.includes('/packages/contracts/') },
    },
  },
});
