/** The browser build of the renderer: the same React app, with the web platform adapter and bundled decks. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import { bundledDeckFiles, contentSecurityPolicy, pyodideRuntime } from './vite-plugins';
import { workerSafeEntityDecoding } from './vite-worker-plugins';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: './',
  define: { __RECALL_WEB__: 'true' },
  plugins: [react(), contentSecurityPolicy(), pyodideRuntime(), bundledDeckFiles(process.env.RECALL_DECKS_DIR ?? here('../decks'))],
  worker: { plugins: () => [workerSafeEntityDecoding()] },
  build: { outDir: process.env.RECALL_WEB_OUT_DIR ?? here('../dist-web'), emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1200 },
  // The CSP as a header too, as Electron's app:// handler sends it: a worker is governed by its own script's
  // response, not by the page's meta tag, so only the header puts the Python worker under the policy.
  preview: { host: '127.0.0.1', port: 5199, strictPort: true, headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } },
  server: { host: '127.0.0.1', port: 5198 },
});
