/**
 * Build plugins for the renderer's workers. Vite resolves packages for workers with the browser conditions, and
 * decode-named-character-reference's browser entry decodes entities through `document`, which a worker does not
 * have: the import worker (HTML fields → Markdown) would fail as it loads. Its plain entry, a lookup table, works
 * everywhere.
 */
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

const require = createRequire(import.meta.url);

export function workerSafeEntityDecoding(): Plugin {
  return {
    name: 'recall-worker-entity-decoding',
    enforce: 'pre',
    resolveId(id) {
      // The package's "default" export condition: index.js, no DOM.
      if (id === 'decode-named-character-reference') return require.resolve('decode-named-character-reference');
      return null;
    },
  };
}
