/** The browser build of the renderer: the same React app, with the web platform adapter and bundled decks. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { bundledDeckFiles, contentSecurityPolicy } from './vite-plugins';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: './',
  define: { __RECALL_WEB__: 'true' },
  plugins: [react(), contentSecurityPolicy(), bundledDeckFiles(process.env.RECALL_DECKS_DIR ?? here('../decks'))],
  build: { outDir: process.env.RECALL_WEB_OUT_DIR ?? here('../dist-web'), emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1200 },
  preview: { host: '127.0.0.1', port: 5199, strictPort: true },
  server: { host: '127.0.0.1', port: 5198 },
});
