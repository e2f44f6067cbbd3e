/** Picks the platform behind the one RecallApi: the preload's object in Electron, the web adapter in a browser. */
import type { RecallApi } from '../../shared/api';
import { createWebApi } from './web-api';

export async function connectPlatform(): Promise<RecallApi> {
  // A static import: a dynamic one put a whole extra round trip before the decks start loading. In the Electron
  // build __RECALL_WEB__ is false, so the bundler drops the web adapter there.
  if (__RECALL_WEB__) return createWebApi();
  if (!window.recall) throw new Error('The app was started without its preload script, so it cannot reach its decks.');
  return window.recall;
}
