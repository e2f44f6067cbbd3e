/** Build-time helpers shared by the Electron renderer build and the web build. */
import { readdirSync, readFileSync } from 'node:fs';
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
