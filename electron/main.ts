/**
 * The main process: one window, the app's own app:// origin, deck files from disk, and a small IPC surface.
 * Security follows Electron's checklist: isolated sandboxed renderer, strict CSP, no navigation, no new windows,
 * no permissions, every IPC message checked for its sender and its arguments.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, net, protocol, screen, session, shell } from 'electron';
import type { IpcMainInvokeEvent, MenuItemConstructorOptions, WebContents } from 'electron';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  IPC,
  isBackupDate,
  isDeckId,
  isSafeExternalUrl,
  isSafeMediaName,
  MAX_MEDIA_FILE_BYTES,
  MEDIA_TYPES,
  outlineOfDeck,
  type DeckLoadResult,
  type MenuCommand,
  type SaveDecksRequest,
} from '../shared/api';
import { parseDeck } from '../shared/deck/parse';
import { serializeDeck } from '../shared/deck/serialize';
import type { Card, Deck } from '../shared/deck/model';
import { CONTENT_SECURITY_POLICY } from '../shared/csp';
import { loadDeckFolders } from './deck-files';
import { BACKUP_FOLDER_NAME, backupContentsProblem, listBackups, readBackupFile, writeBackup } from './automatic-backups';
import { initialBounds, MIN_SIZE, parseWindowState, WINDOW_STATE_FILE, type WindowState } from './window-state';

/**
 * IndexedDB lives per origin: review history is stored under app://recall. Never change this scheme or host
 * in a later release without migrating the data.
 */
const APP_SCHEME = 'app';
const APP_HOST = 'recall';
const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

const mainDir = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.resolve(mainDir, '../renderer');
const preloadFile = path.resolve(mainDir, '../preload/index.cjs');
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

// Tests and portable installs can keep their data elsewhere; set before anything reads userData.
if (process.env.RECALL_USER_DATA) app.setPath('userData', path.resolve(process.env.RECALL_USER_DATA));

protocol.registerSchemesAsPrivileged([
  // standard + secure: IndexedDB, fetch and clipboard work as on https; non-standard schemes disable IndexedDB.
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

function bundledDeckFolder(): string {
  return app.isPackaged ? path.join(process.resourcesPath, 'decks') : path.join(app.getAppPath(), 'decks');
}

function userDeckFolder(): string {
  return path.join(app.getPath('userData'), 'decks');
}

function mediaFolder(): string {
  return path.join(app.getPath('userData'), 'media');
}

function automaticBackupFolder(): string {
  return path.join(app.getPath('userData'), BACKUP_FOLDER_NAME);
}

/**
 * A save request from the renderer is trusted no further than its shape: every deck must serialize to a deck
 * file that parses back without a problem, every media file must be a plain image name within the size limit.
 */
function isSaveDecksRequest(value: unknown): value is SaveDecksRequest {
  if (typeof value !== 'object' || value === null) return false;
  const { decks, media } = value as Partial<SaveDecksRequest>;
  if (!Array.isArray(decks) || !Array.isArray(media) || decks.length > 1000 || media.length > 20_000) return false;
  const deckIds = new Set<string>();
  for (const deck of decks) {
    if (typeof deck !== 'object' || deck === null || !isDeckId((deck as Deck).id) || deckIds.has((deck as Deck).id)) return false;
    deckIds.add((deck as Deck).id);
    try {
      if (parseDeck(serializeDeck(deck as Deck), 'import').problems.length > 0) return false;
    } catch {
      return false;
    }
  }
  return media.every(
    (file) =>
      typeof file === 'object' &&
      file !== null &&
      deckIds.has(file.deckId) &&
      isSafeMediaName(file.name) &&
      file.bytes instanceof Uint8Array &&
      file.bytes.byteLength <= MAX_MEDIA_FILE_BYTES,
  );
}

/** Writes a file completely or not at all: a crash mid-write never leaves half a deck. */
async function writeFileAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, file);
}

/** The user's deck files by deck id, so a re-import overwrites the file that holds the deck. */
async function userDeckFilesById(): Promise<Map<string, string>> {
  const result = await loadDeckFolders([{ folder: userDeckFolder(), origin: 'user' }]);
  return new Map(result.decks.map((loaded) => [loaded.deck.id, loaded.file]));
}

let mainWindow: BrowserWindow | null = null;

function isAppFrame(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url;
  if (!url || event.sender !== mainWindow?.webContents) return false;
  const origin = new URL(url).origin;
  return url.startsWith(`${APP_ORIGIN}/`) || (devServerUrl !== undefined && origin === new URL(devServerUrl).origin);
}

/**
 * Registers an IPC handler that refuses messages from anywhere but the app's own page. `explain`, when given,
 * adds why arguments were refused, for refusals the user may see (a backup that is too large).
 */
function handle<Args extends unknown[], Result>(
  channel: string,
  validate: (args: unknown[]) => args is Args,
  run: (...args: Args) => Promise<Result>,
  explain?: (args: unknown[]) => string | null,
): void {
  ipcMain.handle(channel, async (event, ...args: unknown[]) => {
    if (!isAppFrame(event)) throw new Error(`${channel}: refused, the sender is not the app`);
    if (!validate(args)) {
      const reason = explain?.(args);
      throw new Error(`${channel}: refused, invalid arguments${reason ? ` (${reason})` : ''}`);
    }
    return run(...args);
  });
}

const noArguments = (args: unknown[]): args is [] => args.length === 0;
const oneSafeUrl = (args: unknown[]): args is [string] => args.length === 1 && isSafeExternalUrl(args[0]);
// Only the shape is checked here (type, size, header); the renderer validates every row when it restores.
const oneBackupText = (args: unknown[]): args is [string] => args.length === 1 && backupContentsProblem(args[0]) === null;
// A day, never a file name: main builds the name from it.
const oneBackupDate = (args: unknown[]): args is [string] => args.length === 1 && isBackupDate(args[0]);

/**
 * The cards of the decks the last load listed, by deck id: the renderer gets outlines at start and asks for a deck's
 * cards when it needs them, and gets the cards that load read, so they always match the outline it holds.
 */
let loadedDeckCards = new Map<string, Card[]>();

function registerIpc(): void {
  handle(IPC.loadDecks, noArguments, async (): Promise<DeckLoadResult> => {
    const bundled = bundledDeckFolder();
    const user = userDeckFolder();
    await mkdir(user, { recursive: true });
    const result = await loadDeckFolders(
      [
        { folder: bundled, origin: 'bundled' },
        { folder: user, origin: 'user' },
      ],
      (file) => (file.startsWith(bundled + path.sep) ? `decks/${path.relative(bundled, file).split(path.sep).join('/')}` : file),
    );
    loadedDeckCards = new Map(result.decks.map((loaded) => [loaded.deck.id, loaded.deck.cards]));
    return { problems: result.problems, decks: result.decks.map((loaded) => ({ ...loaded, deck: outlineOfDeck(loaded.deck) })) };
  });
  handle(IPC.loadDeckCards, (args): args is [string] => args.length === 1 && isDeckId(args[0]), async (deckId) => {
    const cards = loadedDeckCards.get(deckId);
    if (!cards) throw new Error(`no deck '${deckId}' was loaded; reload the decks`);
    return cards;
  });
  handle(IPC.openUserDeckFolder, noArguments, async () => {
    const folder = userDeckFolder();
    await mkdir(folder, { recursive: true });
    const error = await shell.openPath(folder);
    return { opened: error === '', path: folder };
  });
  handle(IPC.openExternalLink, oneSafeUrl, async (url) => {
    await shell.openExternal(url);
  });
  handle(IPC.saveUserDecks, (args): args is [SaveDecksRequest] => args.length === 1 && isSaveDecksRequest(args[0]), async (request) => {
    const folder = userDeckFolder();
    await mkdir(folder, { recursive: true });
    const existing = await userDeckFilesById();
    const saved: string[] = [];
    for (const deck of request.decks) {
      const file = existing.get(deck.id) ?? path.join(folder, `${deck.id}.md`);
      await writeFileAtomically(file, serializeDeck(deck));
      saved.push(file);
    }
    for (const media of request.media) {
      const dir = path.join(mediaFolder(), media.deckId);
      await mkdir(dir, { recursive: true });
      await writeFileAtomically(path.join(dir, media.name), media.bytes);
    }
    return { saved };
  });
  handle(IPC.deleteUserDeck, (args): args is [string] => args.length === 1 && isDeckId(args[0]), async (deckId) => {
    const file = (await userDeckFilesById()).get(deckId);
    if (file) await rm(file);
    await rm(path.join(mediaFolder(), deckId), { recursive: true, force: true });
  });
  handle(IPC.listAutomaticBackups, noArguments, async () => ({ supported: true, folder: automaticBackupFolder(), backups: await listBackups(automaticBackupFolder()) }));
  handle(IPC.writeAutomaticBackup, oneBackupText, async (contents) => writeBackup(automaticBackupFolder(), contents, { now: Date.now() }), (args) =>
    // Say what is wrong with a refused backup (too large, not a backup), not only that it was refused.
    args.length === 1 ? backupContentsProblem(args[0]) : 'expected one backup',
  );
  handle(IPC.readAutomaticBackup, oneBackupDate, async (date) => readBackupFile(automaticBackupFolder(), date));
}

const STRICT_CONTENT_TYPES: Record<string, string> = {
  '.wasm': 'application/wasm',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 });
    if (url.pathname.startsWith('/media/')) return serveMedia(url.pathname);
    const relative = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.resolve(rendererDir, relative);
    // No path may climb out of the renderer folder.
    if (!file.startsWith(rendererDir + path.sep)) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    // Chromium types file:// responses by extension; the types the Python worker depends on are set here rather
    // than trusted: pyodide/pyodide.asm.wasm must be application/wasm for streaming compilation, and scripts
    // (the worker, the pyodide.asm.mjs module it imports) must be JavaScript, or nosniff refuses them.
    const contentType = STRICT_CONTENT_TYPES[path.extname(file).toLowerCase()];
    if (contentType && response.ok) headers.set('Content-Type', contentType);
    // On every response, the worker scripts included: a worker runs under its own script's policy, not the page's.
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

/** app://recall/media/<deck>/<name>: an imported image, only ever a plain file under userData/media. */
async function serveMedia(pathname: string): Promise<Response> {
  const [, , deckId, encodedName, ...rest] = pathname.split('/');
  const name = decodeURIComponent(encodedName ?? '');
  if (rest.length > 0 || !isDeckId(deckId) || !isSafeMediaName(name)) return new Response('Not found', { status: 404 });
  const file = path.join(mediaFolder(), deckId, name);
  const response = await net.fetch(pathToFileURL(file).toString()).catch(() => null);
  if (!response?.ok) return new Response('Not found', { status: 404 });
  const type = MEDIA_TYPES[name.split('.').pop()!.toLowerCase()]!;
  // An SVG is shown through <img> only, where it cannot run script; the CSP keeps it that way.
  return new Response(response.body, { status: 200, headers: { 'Content-Type': type, 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'" } });
}

function sendMenuCommand(command: MenuCommand): void {
  mainWindow?.webContents.send(IPC.menuCommand, command);
}

function buildMenu(): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Import Decks…', accelerator: 'CmdOrCtrl+I', click: () => sendMenuCommand('import-decks') },
        { label: 'Reload Decks', accelerator: 'CmdOrCtrl+R', click: () => sendMenuCommand('reload-decks') },
        { label: 'Open My Decks Folder', accelerator: 'CmdOrCtrl+Shift+O', click: () => void shell.openPath(userDeckFolder()) },
        { type: 'separator' },
        { label: 'Restore from Automatic Backup…', click: () => sendMenuCommand('restore-automatic-backup') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        { label: 'Undo Last Grade', accelerator: 'CmdOrCtrl+Z', click: () => sendMenuCommand('undo-grade') },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { label: 'Decks', accelerator: 'CmdOrCtrl+D', click: () => sendMenuCommand('go-to-decks') },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }]),
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      // `?` opens the sheet inside the window; a menu accelerator cannot be a bare `?`, so the menu offers Ctrl/⌘+/.
      submenu: [{ label: 'Keyboard Shortcuts', accelerator: 'CmdOrCtrl+/', click: () => sendMenuCommand('show-shortcuts') }],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** No navigation away from the app, no new windows, no webviews: web links go to the system browser. */
function lockDown(contents: WebContents): void {
  const stayOrOpenOutside = (event: Electron.Event, url: string) => {
    event.preventDefault();
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
  };
  contents.on('will-navigate', stayOrOpenOutside);
  contents.on('will-redirect', stayOrOpenOutside);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isSafeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

function windowStateFile(): string {
  return path.join(app.getPath('userData'), WINDOW_STATE_FILE);
}

function readWindowState(): WindowState | null {
  try {
    return parseWindowState(readFileSync(windowStateFile(), 'utf8'));
  } catch {
    return null;
  }
}

/** Synchronous, so the last write on close completes before the app quits; a failure only loses the window's place. */
function writeWindowState(window: BrowserWindow): void {
  if (window.isDestroyed()) return;
  const state: WindowState = { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
  const file = windowStateFile();
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(state));
    renameSync(`${file}.${process.pid}.tmp`, file);
  } catch {
    // Not remembering the window's size is no reason to interrupt the user.
  }
}

/** Saves the window's place half a second after it stops moving or resizing, and at once when it closes. */
function rememberWindowState(window: BrowserWindow): void {
  let timer: NodeJS.Timeout | undefined;
  const saveSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => writeWindowState(window), 500);
  };
  window.on('resize', saveSoon);
  window.on('move', saveSoon);
  window.on('maximize', saveSoon);
  window.on('unmaximize', saveSoon);
  window.on('close', () => {
    clearTimeout(timer);
    writeWindowState(window);
  });
}

function createWindow(): void {
  const saved = readWindowState();
  mainWindow = new BrowserWindow({
    ...initialBounds(saved, screen.getAllDisplays().map((display) => display.workArea)),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Recall',
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#0f1115' : '#f4f5f8',
    webPreferences: {
      preload: preloadFile,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  rememberWindowState(mainWindow);
  mainWindow.once('ready-to-show', () => {
    if (saved?.maximized) mainWindow?.maximize();
    mainWindow?.show();
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  void mainWindow.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app
    .whenReady()
    .then(() => {
      // Deny every permission (camera, notifications, …) except writing to the clipboard for the Copy button.
      session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === 'clipboard-sanitized-write'));
      session.defaultSession.setPermissionCheckHandler((_contents, permission) => permission === 'clipboard-sanitized-write');
      serveRenderer();
      registerIpc();
      buildMenu();
      createWindow();
    })
    .catch((error: unknown) => {
      dialog.showErrorBox('Recall could not start', error instanceof Error ? (error.stack ?? error.message) : String(error));
      app.exit(1);
    });
}
