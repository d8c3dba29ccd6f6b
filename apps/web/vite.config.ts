import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Resolve from this file rather than the cwd, so `vite build` works from the workspace or the repo
// root, and the e2e test can build with this config into a temporary outDir.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      treeshake: {
        // @sohoa/contracts is imported for its labels only; its zod schemas and the 200 kB
        // document-type catalogue are built at module load, which a bundler must otherwise keep.
        // Its modules only declare values, so unused ones may be dropped.
        moduleSideEffects: (id: string) => !id.includes('/packages/contracts/'),
      },
    },
  },
  server: {
    // The user guide's Markdown and screenshots live in docs/guide at the repository root.
    fs: { allow: [fileURLToPath(new URL('../..', import.meta.url))] },
    // The API server (`sohoa serve`) listens on 8080; proxying keeps requests same-origin so the
    // HttpOnly session cookie and the CSRF header work in development exactly as in production.
    proxy: { '/api': 'http://localhost:8080' },
  },
});
