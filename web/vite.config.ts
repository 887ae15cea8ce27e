// The web app: Preact, built by Vite into web/dist, served by the Jirga server.
// Everything is self-hosted (fonts included); nothing is fetched from elsewhere.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'web',
  base: '/',
  publicDir: 'public',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 600,
  },
  worker: { format: 'es' },
  server: { fs: { allow: ['..'] } },
});
