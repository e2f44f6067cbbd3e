/** Build-time helpers shared by the Electron renderer build and the web build. */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';

/** Adds the CSP as a meta tag to the built page (not in dev, where Vite's client needs inline scripts). */
export function contentSecurityPolicy(): Plugin {
  return {
    name: 'recall-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
  };
}

/**
 * Serves the bundled deck files to the web build as decks/<file> plus decks/index.json, read at run time by the
 * web adapter and parsed like main parses them, so a broken file shows up as a problem rather than a build error.
 */
export function bundledDeckFiles(decksDir: string): Plugin {
  const list = () =>
    readdirSync(decksDir)
      .filter((name) => name.toLowerCase().endsWith('.md') && name.toLowerCase() !== 'readme.md')
      .sort();
  return {
    name: 'recall-deck-files',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
        if (url === '/decks/index.json') {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ files: list() }));
        } else if (url.startsWith('/decks/') && list().includes(url.slice('/decks/'.length))) {
          res.setHeader('content-type', 'text/markdown; charset=utf-8');
          res.end(readFileSync(path.join(decksDir, url.slice('/decks/'.length))));
        } else next();
      });
    },
    generateBundle() {
      const files = list();
      for (const file of files) this.emitFile({ type: 'asset', fileName: `decks/${file}`, source: readFileSync(path.join(decksDir, file)) });
      this.emitFile({ type: 'asset', fileName: 'decks/index.json', source: JSON.stringify({ files }) });
    },
  };
}

/**
 * Pyodide's runtime files, which loadPyodide fetches from its indexURL (the app's `pyodide/` folder): the
 * interpreter's JavaScript half and its WebAssembly, the standard library, and the package lock file it reads at
 * start-up. The loader itself (pyodide.mjs) is bundled into the Python worker. A browser check with every
 * request logged found no other file fetched.
 */
export const PYODIDE_FILES = ['pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'] as const;

const PYODIDE_CONTENT_TYPES: Record<string, string> = {
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.zip': 'application/zip',
  '.json': 'application/json; charset=utf-8',
};

function pyodidePackageFolder(): string {
  return path.dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));
}

const NODE_STUB = '\0recall-pyodide-node-stub';

/**
 * The loader imports node: modules (and ws) on paths taken only in Node; in the worker they become one empty
 * module, instead of Vite's browser-external stubs and a warning for each.
 */
function pyodideNodeImports(): Plugin {
  return {
    name: 'recall-pyodide-node-imports',
    enforce: 'pre',
    resolveId: (source, importer) => ((source.startsWith('node:') || source === 'ws') && importer && /[\\/]node_modules[\\/]pyodide[\\/]/.test(importer) ? NODE_STUB : null),
    load: (id) => (id === NODE_STUB ? 'export default {};' : null),
  };
}

/**
 * Serves Pyodide from the app's own origin: copies its runtime files into `pyodide/` of the build output and
 * serves them from node_modules in dev. The .wasm must arrive as application/wasm for streaming compilation;
 * `vite preview` (sirv) and Electron's app:// handler (electron/main.ts) both send that.
 */
export function pyodideRuntime(): Plugin {
  const folder = pyodidePackageFolder();
  return {
    name: 'recall-pyodide-runtime',
    config: () => ({
      // Pre-bundling would move pyodide.mjs away from its files and break its own URL arithmetic.
      optimizeDeps: { exclude: ['pyodide'] },
      // The worker imports the loader, which has code-split dynamic imports: only ES module workers allow that.
      worker: { format: 'es', plugins: () => [pyodideNodeImports()] },
    }),
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const url = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
        const name = url.startsWith('/pyodide/') ? url.slice('/pyodide/'.length) : '';
        if (!(PYODIDE_FILES as readonly string[]).includes(name)) return next();
        res.setHeader('content-type', PYODIDE_CONTENT_TYPES[path.extname(name)] ?? 'application/octet-stream');
        res.end(readFileSync(path.join(folder, name)));
      });
    },
    generateBundle() {
      for (const name of PYODIDE_FILES) this.emitFile({ type: 'asset', fileName: `pyodide/${name}`, source: readFileSync(path.join(folder, name)) });
    },
  };
}
