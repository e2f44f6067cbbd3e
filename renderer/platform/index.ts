/** Picks the platform behind the one RecallApi: the preload's object in Electron, the web adapter in a browser. */
import type { RecallApi } from '../../shared/api';

export async function connectPlatform(): Promise<RecallApi> {
  if (__RECALL_WEB__) {
    // Imported only in the web build, so the Electron bundle carries no web adapter.
    const { createWebApi } = await import('./web-api');
    return createWebApi();
  }
  if (!window.recall) throw new Error('The app was started without its preload script, so it cannot reach its decks.');
  return window.recall;
}
