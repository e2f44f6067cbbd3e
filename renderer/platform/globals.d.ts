import type { RecallApi } from '../../shared/api';

declare global {
  /** Set at build time: true in the browser build, false in the Electron renderer. */
  const __RECALL_WEB__: boolean;
  interface Window {
    /** Present in Electron only, exposed by the preload script. */
    recall?: RecallApi;
  }
}

export {};
