/**
 * The preload runs sandboxed with context isolation: it exposes exactly one object, `window.recall`, typed by
 * RecallApi from shared/. No ipcRenderer, no Node: each method sends one named message.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC, MENU_COMMANDS, type MenuCommand, type RecallApi, type SaveDecksRequest } from '../shared/api';

const api: RecallApi = {
  platform: 'electron',
  loadDecks: () => ipcRenderer.invoke(IPC.loadDecks),
  loadDeckCards: (deckId: string) => ipcRenderer.invoke(IPC.loadDeckCards, deckId),
  openUserDeckFolder: () => ipcRenderer.invoke(IPC.openUserDeckFolder),
  openExternalLink: (url: string) => ipcRenderer.invoke(IPC.openExternalLink, url),
  saveUserDecks: (request: SaveDecksRequest) => ipcRenderer.invoke(IPC.saveUserDecks, request),
  deleteUserDeck: (deckId: string) => ipcRenderer.invoke(IPC.deleteUserDeck, deckId),
  listAutomaticBackups: () => ipcRenderer.invoke(IPC.listAutomaticBackups),
  writeAutomaticBackup: (contents: string) => ipcRenderer.invoke(IPC.writeAutomaticBackup, contents),
  readAutomaticBackup: (date: string) => ipcRenderer.invoke(IPC.readAutomaticBackup, date),
  // Media is served by main's app:// handler from the user's data folder; no message is needed to name it.
  mediaUrl: async (deckId: string, name: string) => `app://recall/media/${encodeURIComponent(deckId)}/${encodeURIComponent(name)}`,
  onMenuCommand: (listener: (command: MenuCommand) => void) => {
    const handler = (_event: IpcRendererEvent, command: unknown) => {
      if ((MENU_COMMANDS as readonly unknown[]).includes(command)) listener(command as MenuCommand);
    };
    ipcRenderer.on(IPC.menuCommand, handler);
    return () => {
      ipcRenderer.removeListener(IPC.menuCommand, handler);
    };
  },
};

contextBridge.exposeInMainWorld('recall', api);
