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
    // read by scripts/build-sw.mjs (the files the service worker keeps), then removed
    manifest: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        // The pieces every page uses (components, the API client and its hooks, with
        // Preact and the texts' loader) in one chunk: over HTTP/1.1 a browser opens
        // six connections at a time, and on a slow link each further wave of small
        // files costs a round trip (docs/performance.md: the voting page on Slow 3G).
        codeSplitting: {
          groups: [{ name: 'app', test: /[\\/]web[\\/]src[\\/](components[\\/]|api[\\/](client|hooks)\.ts)/ }],
        },
      },
    },
  },
  worker: { format: 'es' },
  server: { fs: { allow: ['..'] } },
});
