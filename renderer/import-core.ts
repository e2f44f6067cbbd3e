/**
 * The import code with its runtime set up for the browser: sql.js finds its WebAssembly file among the app's own
 * assets (nothing is fetched from elsewhere). Used inside the import worker, and on the main thread where no
 * worker can be started.
 */
import sqlWasmUrl from 'sql.js/dist/sql-wasm-browser.wasm?url';
import { configureSqlJs } from '../shared/import/anki-package';

configureSqlJs({ locateFile: () => sqlWasmUrl });

export { importFile, ACCEPTED_EXTENSIONS, FORMAT_LABELS, type ImportFormat } from '../shared/import/index';
