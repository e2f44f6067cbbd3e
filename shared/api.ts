/**
 * The one API the renderer uses to reach the platform. Electron's preload implements it over IPC; the web build
 * implements it over fetch and the File API. Its type is the contract both sides compile against.
 */
import { ID_PATTERN, type Card, type Deck, type DeckProblem } from './deck/model';

export type DeckOrigin = 'bundled' | 'user';

/**
 * What start-up needs of a card: the deck list's counts (ids, in file order), the overview's subjects and topic
 * tree and the study dialogs' topic pickers (tags, source). The text is read when a deck is studied, browsed or
 * backed up (RecallApi.loadDeckCards): at 100,000 cards, reading every card's text at start cost seconds.
 */
export type CardOutline = Pick<Card, 'id' | 'tags' | 'source'>;

/** A deck as the deck list knows it: its header and its cards' outlines. */
export interface DeckOutline extends Omit<Deck, 'cards'> {
  cards: CardOutline[];
}

export function outlineOfDeck(deck: Deck): DeckOutline {
  return {
    id: deck.id,
    title: deck.title,
    description: deck.description,
    tags: deck.tags,
    cards: deck.cards.map((card): CardOutline => (card.source === undefined ? { id: card.id, tags: card.tags } : { id: card.id, tags: card.tags, source: card.source })),
  };
}

export interface LoadedDeck {
  deck: DeckOutline;
  origin: DeckOrigin;
  /** Where the deck came from, for messages ("decks/python.md"). */
  file: string;
}

/** A deck with its cards' text, as a loader reads it before handing outlines to the renderer. */
export interface LoadedFullDeck extends Omit<LoadedDeck, 'deck'> {
  deck: Deck;
}

export interface FullDeckLoadResult {
  decks: LoadedFullDeck[];
  problems: DeckProblem[];
}

export interface DeckLoadResult {
  /** Outlines only: a deck's cards are read with loadDeckCards. */
  decks: LoadedDeck[];
  /** Files or cards that could not be loaded; the rest loaded anyway. */
  problems: DeckProblem[];
}

/** Menu items whose action lives in the renderer. */
export const MENU_COMMANDS = ['reload-decks', 'go-to-decks', 'undo-grade', 'import-decks', 'show-shortcuts', 'restore-automatic-backup'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** A file that arrived with imported decks (images), stored beside the user's decks. */
export interface MediaFile {
  deckId: string;
  name: string;
  mime: string;
  bytes: Uint8Array;
}

export interface SaveDecksRequest {
  /** Each replaces the user deck with the same id, if there is one. */
  decks: Deck[];
  media: MediaFile[];
}

export const MEDIA_SCHEME = 'recall-media';
export const MAX_MEDIA_FILE_BYTES = 20 * 1024 * 1024;
export const MEDIA_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  bmp: 'image/bmp',
  avif: 'image/avif',
};

/** A media name is a single file name: no folders, no dot-files, an image extension. */
export function isSafeMediaName(name: unknown): name is string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 200) return false;
  if (/[\\/\u0000-\u001f]/.test(name) || name.startsWith('.')) return false;
  const extension = name.split('.').pop()?.toLowerCase() ?? '';
  return extension in MEDIA_TYPES;
}

export function isDeckId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 120 && ID_PATTERN.test(value);
}

/** One automatic backup in the user's data folder, as main lists it. */
export interface AutomaticBackupInfo {
  /** The local calendar day it was made (YYYY-MM-DD); it names the file and identifies it in requests. */
  date: string;
  /** The file's name, for messages ("recall-backup-2026-11-26.json"); built by main. */
  fileName: string;
  bytes: number;
  modifiedAt: number;
  /** Read from the file's header; null when the header does not say (an older or damaged file). */
  reviews: number | null;
}

export interface AutomaticBackupList {
  /** False in the browser build, which has no user data folder to keep backups in. */
  supported: boolean;
  /** Where the backups are kept (desktop only), for messages. */
  folder?: string;
  /** Newest first. */
  backups: AutomaticBackupInfo[];
}

export interface AutomaticBackupWritten {
  backup: AutomaticBackupInfo;
  /** File names of older backups removed to keep the last AUTOMATIC_BACKUPS_KEPT. */
  deleted: string[];
}

/** How many daily automatic backups are kept; older ones are deleted after a new one is written. */
export const AUTOMATIC_BACKUPS_KEPT = 14;
/**
 * The largest backup main accepts or reads back. A JSON string cannot exceed V8's string limit (~512 M
 * characters) anyway; anything near it is not a backup the renderer could have made.
 */
export const MAX_AUTOMATIC_BACKUP_BYTES = 512 * 1024 * 1024;

/** A local calendar day written YYYY-MM-DD that exists (no 2026-02-30). */
export function isBackupDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 2000 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The local calendar day of a moment, YYYY-MM-DD: automatic backups are named and compared by it. */
export function localBackupDate(epochMs: number): string {
  const date = new Date(epochMs);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export interface RecallApi {
  readonly platform: 'electron' | 'web';
  loadDecks(): Promise<DeckLoadResult>;
  /**
   * The cards of one deck listed by the last loadDecks, in file order, as that load read them (so they match its
   * outline). Rejects for a deck it did not list.
   */
  loadDeckCards(deckId: string): Promise<Card[]>;
  /** Opens the folder where the user's own deck files live (Electron only; the web build has none). */
  openUserDeckFolder(): Promise<{ opened: boolean; path?: string }>;
  /** Opens an http(s) link in the system browser, never inside the app. */
  openExternalLink(url: string): Promise<void>;
  /** Stores imported decks among the user's decks (desktop: deck files; browser: IndexedDB) with their media. */
  saveUserDecks(request: SaveDecksRequest): Promise<{ saved: string[] }>;
  /** Removes one of the user's decks (never a bundled one). Review history is kept. */
  deleteUserDeck(deckId: string): Promise<void>;
  /** A URL an <img> can show for an imported media file, or null when it is missing. */
  mediaUrl(deckId: string, name: string): Promise<string | null>;
  /** The automatic daily backups, newest first (desktop; the browser build answers supported: false). */
  listAutomaticBackups(): Promise<AutomaticBackupList>;
  /**
   * Stores a backup (the JSON text of renderer/db/backup.ts's format) as today's automatic backup, replacing an
   * earlier one of the same day, and deletes the oldest beyond the last AUTOMATIC_BACKUPS_KEPT. Main builds the
   * file name. The browser build rejects: it has no folder to write to.
   */
  writeAutomaticBackup(contents: string): Promise<AutomaticBackupWritten>;
  /** The text of the automatic backup of one day (YYYY-MM-DD, from listAutomaticBackups). */
  readAutomaticBackup(date: string): Promise<string>;
  /** Subscribes to application-menu commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}

/** IPC channel names, shared by preload and main so they cannot drift apart. */
export const IPC = {
  loadDecks: 'recall:load-decks',
  loadDeckCards: 'recall:load-deck-cards',
  openUserDeckFolder: 'recall:open-user-deck-folder',
  openExternalLink: 'recall:open-external-link',
  menuCommand: 'recall:menu-command',
  saveUserDecks: 'recall:save-user-decks',
  deleteUserDeck: 'recall:delete-user-deck',
  listAutomaticBackups: 'recall:list-automatic-backups',
  writeAutomaticBackup: 'recall:write-automatic-backup',
  readAutomaticBackup: 'recall:read-automatic-backup',
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
