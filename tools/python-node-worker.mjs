// Entry of the Node Python worker thread: loads the TypeScript worker through tsx, which worker threads on
// Node 20 do not inherit from the process that starts them.
import { tsImport } from 'tsx/esm/api';

await tsImport('./python-node-worker.ts', import.meta.url);
