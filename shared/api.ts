/**
 * The one API the renderer uses to reach the platform. Electron's preload implements it over IPC; the web build
 * implements it over fetch and the File API. Its type is the contract both sides compile against.
 */
import type { Deck, DeckProblem } from './deck/model';

export type DeckOrigin = 'bundled' | 'user';

export interface LoadedDeck {
  deck: Deck;
  origin: DeckOrigin;
  /** Where the deck came from, for messages ("decks/python.md"). */
  file: string;
}

export interface DeckLoadResult {
  decks: LoadedDeck[];
  /** Files or cards that could not be loaded; the rest loaded anyway. */
  problems: DeckProblem[];
}

/** Menu items whose action lives in the renderer. */
export const MENU_COMMANDS = ['reload-decks', 'go-to-decks', 'undo-grade'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export interface RecallApi {
  readonly platform: 'electron' | 'web';
  loadDecks(): Promise<DeckLoadResult>;
  /** Opens the folder where the user's own deck files live (Electron only; the web build has none). */
  openUserDeckFolder(): Promise<{ opened: boolean; path?: string }>;
  /** Opens an http(s) link in the system browser, never inside the app. */
  openExternalLink(url: string): Promise<void>;
  /** Subscribes to application-menu commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}

/** IPC channel names, shared by preload and main so they cannot drift apart. */
export const IPC = {
  loadDecks: 'recall:load-decks',
  openUserDeckFolder: 'recall:open-user-deck-folder',
  openExternalLink: 'recall:open-external-link',
  menuCommand: 'recall:menu-command',
} as const;

/** Only web links leave the app; file:, javascript:, custom schemes and malformed URLs are refused. */
export function isSafeExternalUrl(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 2048) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}
