/**
 * electron-vite builds three entries: main and preload from electron/, the renderer (a normal Vite app) from
 * renderer/. The preload runs sandboxed, so it is one self-contained CommonJS bundle with nothing external.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import { contentSecurityPolicy, pyodideRuntime } from './renderer/vite-plugins';
import { workerSafeEntityDecoding } from './renderer/vite-worker-plugins';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(__dirname, 'electron/main.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    define: { __RECALL_WEB__: 'false' },
    plugins: [react(), contentSecurityPolicy(), pyodideRuntime()],
    worker: { plugins: () => [workerSafeEntityDecoding()] },
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      target: 'es2022',
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
