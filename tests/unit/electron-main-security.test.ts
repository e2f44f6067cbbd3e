/**
 * The main process's security settings, checked without an Electron binary: the `electron` module is replaced
 * by a recorder, electron/main.ts runs against it, and the test inspects what it configured and how its
 * handlers answer hostile input (foreign senders, bad arguments, navigation, new windows, permissions).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp';
import { IPC } from '../../shared/api';

type Listener = (...args: unknown[]) => unknown;

const recorded = {
  windows: [] as { options: Record<string, unknown>; webContents: FakeWebContents }[],
  ipcHandlers: new Map<string, Listener>(),
  appListeners: new Map<string, Listener>(),
  permissionRequest: null as null | Listener,
  permissionCheck: null as null | Listener,
  protocolHandlers: new Map<string, Listener>(),
  privilegedSchemes: [] as unknown[],
  openedExternally: [] as string[],
  menuTemplate: null as unknown,
};

class FakeWebContents {
  listeners = new Map<string, Listener>();
  windowOpenHandler: Listener | null = null;
  on(event: string, listener: Listener) {
    this.listeners.set(event, listener);
    return this;
  }
  setWindowOpenHandler(handler: Listener) {
    this.windowOpenHandler = handler;
  }
  sent: unknown[][] = [];
  send(...args: unknown[]) {
    this.sent.push(args);
  }
}

/** Anything main.ts may call that this test does not care about answers harmlessly. */
function permissive<T extends object>(known: T): T {
  return new Proxy(known, {
    get(target, property) {
      if (property in target) return target[property as keyof T];
      if (property === 'then') return undefined;
      return () => undefined;
    },
  });
}

const userData = mkdtempSync(path.join(tmpdir(), 'recall-main-'));

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => recorded.windows;
    webContents = new FakeWebContents();
    constructor(options: Record<string, unknown>) {
      recorded.windows.push({ options, webContents: this.webContents });
      recorded.appListeners.get('web-contents-created')?.({}, this.webContents);
    }
    once() {}
    on() {}
    loadURL() {
      return Promise.resolve();
    }
    show() {}
    isMinimized() {
      return false;
    }
    getBounds() {
      return { x: 0, y: 0, width: 1200, height: 840 };
    }
    isMaximized() {
      return false;
    }
  }
  const app = permissive({
    isPackaged: false,
    on: (event: string, listener: Listener) => recorded.appListeners.set(event, listener),
    whenReady: () => Promise.resolve(),
    requestSingleInstanceLock: () => true,
    getPath: () => userData,
    setPath: () => undefined,
    getAppPath: () => process.cwd(),
  });
  return {
    app,
    BrowserWindow,
    dialog: permissive({}),
    ipcMain: permissive({ handle: (channel: string, listener: Listener) => recorded.ipcHandlers.set(channel, listener) }),
    Menu: permissive({ buildFromTemplate: (template: unknown) => ((recorded.menuTemplate = template), {}), setApplicationMenu: () => undefined }),
    nativeTheme: { shouldUseDarkColors: false },
    net: permissive({}),
    protocol: permissive({
      registerSchemesAsPrivileged: (schemes: unknown[]) => recorded.privilegedSchemes.push(...schemes),
      handle: (scheme: string, handler: Listener) => recorded.protocolHandlers.set(scheme, handler),
    }),
    screen: permissive({ getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] }),
    session: {
      defaultSession: permissive({
        setPermissionRequestHandler: (handler: Listener) => (recorded.permissionRequest = handler),
        setPermissionCheckHandler: (handler: Listener) => (recorded.permissionCheck = handler),
      }),
    },
    shell: permissive({ openExternal: async (url: string) => recorded.openedExternally.push(url), openPath: async () => '' }),
  };
});

beforeAll(async () => {
  await import('../../electron/main');
  // whenReady().then(...) runs on the next microtasks.
  await new Promise((resolve) => setTimeout(resolve, 20));
});

function appSender() {
  const window = recorded.windows[0]!;
  return { sender: window.webContents, senderFrame: { url: 'app://recall/index.html' } };
}

describe('Electron main process security', () => {
  it('opens every window isolated, sandboxed, without Node and without webviews', () => {
    expect(recorded.windows.length).toBeGreaterThan(0);
    for (const { options } of recorded.windows) {
      const prefs = options.webPreferences as Record<string, unknown>;
      expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
      expect(prefs.webviewTag ?? false).toBe(false);
      expect(prefs.webSecurity ?? true).toBe(true);
    }
  });

  it('serves the app from a standard, secure scheme with a CSP that forbids inline script and remote origins', () => {
    expect(recorded.privilegedSchemes).toContainEqual(expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }));
    expect(recorded.protocolHandlers.has('app')).toBe(true);
    const scriptSrc = CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'))!;
    expect(scriptSrc).not.toMatch(/'unsafe-inline'|'unsafe-eval'|https?:|\*/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/default-src 'self'/);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:\/\//);
    expect(CONTENT_SECURITY_POLICY).toMatch(/object-src 'none'/);
  });

  it('refuses navigation and new windows, and opens only http(s) links in the system browser', async () => {
    const contents = recorded.windows[0]!.webContents;
    for (const url of ['https://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'app://elsewhere/']) {
      const event = { preventDefault: vi.fn() };
      contents.listeners.get('will-navigate')!(event, url);
      expect(event.preventDefault).toHaveBeenCalled();
      const redirect = { preventDefault: vi.fn() };
      contents.listeners.get('will-redirect')!(redirect, url);
      expect(redirect.preventDefault).toHaveBeenCalled();
      expect(contents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
    }
    const webview = { preventDefault: vi.fn() };
    contents.listeners.get('will-attach-webview')!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    await Promise.resolve();
    expect(recorded.openedExternally.every((url) => url.startsWith('https://'))).toBe(true);
    expect(recorded.openedExternally).not.toContain('file:///etc/passwd');
  });

  it('denies every permission except writing to the clipboard', () => {
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      const callback = vi.fn();
      recorded.permissionRequest!({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(recorded.permissionCheck!({}, permission)).toBe(false);
    }
  });

  it('answers IPC only from the app page, and only with valid arguments', async () => {
    const openLink = recorded.ipcHandlers.get(IPC.openExternalLink)!;
    const loadDecks = recorded.ipcHandlers.get(IPC.loadDecks)!;
    const saveDecks = recorded.ipcHandlers.get(IPC.saveUserDecks)!;
    const deleteDeck = recorded.ipcHandlers.get(IPC.deleteUserDeck)!;
    const foreign = { sender: recorded.windows[0]!.webContents, senderFrame: { url: 'https://evil.example/' } };
    const otherContents = { sender: new FakeWebContents(), senderFrame: { url: 'app://recall/index.html' } };

    await expect(loadDecks(foreign)).rejects.toThrow(/refused/);
    await expect(loadDecks(otherContents)).rejects.toThrow(/refused/);
    await expect(loadDecks(appSender(), 'extra')).rejects.toThrow(/invalid arguments/);
    await expect(openLink(appSender(), 'file:///etc/passwd')).rejects.toThrow(/invalid arguments/);
    await expect(openLink(appSender(), 'javascript:alert(1)')).rejects.toThrow(/invalid arguments/);
    await expect(deleteDeck(appSender(), '../../etc')).rejects.toThrow(/invalid arguments/);
    await expect(saveDecks(appSender(), { decks: [{ id: '../x', title: 'x', description: '', tags: [], cards: [] }], media: [] })).rejects.toThrow(/invalid arguments/);
    await expect(
      saveDecks(appSender(), {
        decks: [{ id: 'ok', title: 'Ok', description: '', tags: [], cards: [{ id: 'a', type: 'basic', front: 'Q', back: 'A', tags: [] }] }],
        media: [{ deckId: 'ok', name: '../../evil.png', mime: 'image/png', bytes: new Uint8Array(1) }],
      }),
    ).rejects.toThrow(/invalid arguments/);
    const result = (await loadDecks(appSender())) as { decks: { deck: { id: string; cards: object[] } }[] };
    expect(result.decks.length).toBeGreaterThan(0);
    // Outlines cross at start; a deck's cards only when asked for by a valid id of a deck the load listed.
    const listed = result.decks[0]!.deck;
    expect(listed.cards.every((card) => !('front' in card) && !('back' in card))).toBe(true);
    const loadDeckCards = recorded.ipcHandlers.get(IPC.loadDeckCards)!;
    await expect(loadDeckCards(foreign, listed.id)).rejects.toThrow(/refused/);
    await expect(loadDeckCards(appSender(), '../../etc/passwd')).rejects.toThrow(/invalid arguments/);
    await expect(loadDeckCards(appSender(), listed.id, 'extra')).rejects.toThrow(/invalid arguments/);
    await expect(loadDeckCards(appSender(), 'not-a-loaded-deck')).rejects.toThrow(/no deck 'not-a-loaded-deck' was loaded/);
    const cards = (await loadDeckCards(appSender(), listed.id)) as { id: string; front: string }[];
    expect(cards.map((card) => card.id)).toEqual(listed.cards.map((card) => (card as { id: string }).id));
    expect(cards.every((card) => typeof card.front === 'string' && card.front.length > 0)).toBe(true);
  });

  it('offers File → Restore from Automatic Backup…, which asks the page to open its dialog', () => {
    const template = JSON.stringify(recorded.menuTemplate);
    expect(template).toContain('Restore from Automatic Backup…');
    const file = (recorded.menuTemplate as { label?: string; submenu?: { label?: string; click?: () => void }[] }[]).find((menu) => menu.label === 'File')!;
    file.submenu!.find((item) => item.label === 'Restore from Automatic Backup…')!.click!();
    expect(recorded.windows[0]!.webContents.sent).toContainEqual([IPC.menuCommand, 'restore-automatic-backup']);
  });

  it('automatic backups: only the app page may list, write or read them, main names the files, bad arguments are refused', async () => {
    const list = recorded.ipcHandlers.get(IPC.listAutomaticBackups)!;
    const write = recorded.ipcHandlers.get(IPC.writeAutomaticBackup)!;
    const read = recorded.ipcHandlers.get(IPC.readAutomaticBackup)!;
    const backup = '{"format":"recall-backup","version":2,"createdAt":"2026-11-26T10:00:00.000Z","counts":{"reviews":2,"userDecks":0,"flaggedCards":0,"deckOptions":0},"settings":{},"userDecks":[],"reviews":[],"flaggedCards":[],"deckOptions":[]}';
    const foreign = { sender: recorded.windows[0]!.webContents, senderFrame: { url: 'https://evil.example/' } };
    const otherContents = { sender: new FakeWebContents(), senderFrame: { url: 'app://recall/index.html' } };

    for (const sender of [foreign, otherContents]) {
      await expect(list(sender)).rejects.toThrow(/refused, the sender is not the app/);
      await expect(write(sender, backup)).rejects.toThrow(/refused, the sender is not the app/);
      await expect(read(sender, '2026-11-26')).rejects.toThrow(/refused, the sender is not the app/);
    }
    await expect(list(appSender(), 'extra')).rejects.toThrow(/invalid arguments/);
    await expect(write(appSender())).rejects.toThrow(/invalid arguments/);
    await expect(write(appSender(), backup, 'recall-backup-1999-01-01.json')).rejects.toThrow(/invalid arguments/);
    await expect(write(appSender(), { text: backup })).rejects.toThrow(/invalid arguments \(the backup is not text\)/);
    await expect(write(appSender(), '{"format":"something else"}')).rejects.toThrow(/invalid arguments \(the text is not a Recall backup\)/);
    for (const bad of ['../../etc/passwd', 'recall-backup-2026-11-26.json', '2026-02-30', '2026-11-26/../x', 20261126, null]) {
      await expect(read(appSender(), bad)).rejects.toThrow(/invalid arguments/);
    }
    // Nothing was written by the refused calls.
    expect(readdirSync(userData)).not.toContain('backups');

    const written = (await write(appSender(), backup)) as { backup: { fileName: string; date: string; reviews: number } };
    expect(written.backup.fileName).toMatch(/^recall-backup-\d{4}-\d{2}-\d{2}\.json$/);
    expect(written.backup.reviews).toBe(2);
    expect(readdirSync(path.join(userData, 'backups'))).toEqual([written.backup.fileName]);
    expect(readFileSync(path.join(userData, 'backups', written.backup.fileName), 'utf8')).toBe(backup);
    expect(await list(appSender())).toEqual({ supported: true, folder: path.join(userData, 'backups'), backups: [expect.objectContaining({ date: written.backup.date, reviews: 2 })] });
    expect(await read(appSender(), written.backup.date)).toBe(backup);
  });
});
