/**
 * The desktop app itself, driven through Playwright's Electron support: opens the window, studies one card,
 * and checks the security settings. It needs the Electron binary (downloaded on first start, from outside the
 * npm registry) and a display; where either is missing the test is skipped and says why.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

const root = path.resolve(import.meta.dirname, '../..');

function electronBinary(): { path?: string; missing?: string } {
  const pathFile = path.join(root, 'node_modules/electron/path.txt');
  if (!existsSync(pathFile)) return { missing: 'the Electron binary has not been downloaded (node_modules/electron/path.txt is absent; it downloads on the first `npm start`)' };
  const binary = path.join(root, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
  if (!existsSync(binary)) return { missing: `the Electron binary is missing at ${binary}` };
  return { path: binary };
}

const binary = electronBinary();
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const skipReason = binary.missing ?? (noDisplay ? 'no display to open a window on (run under xvfb-run on Linux CI)' : undefined);

test.describe('desktop app (Electron)', () => {
  test.skip(skipReason !== undefined, `Electron test skipped: ${skipReason}`);
  if (skipReason) console.log(`[electron.spec] skipped: ${skipReason}`);

  let userData: string;
  test.beforeAll(() => {
    execFileSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  });
  test.beforeEach(() => {
    userData = mkdtempSync(path.join(tmpdir(), 'recall-electron-'));
  });
  test.afterEach(() => rmSync(userData, { recursive: true, force: true }));

  test('opens the deck list from app://, studies one card and stores the review', async () => {
    const app = await electron.launch({
      executablePath: binary.path,
      args: [path.join(root, 'out/main/index.js')],
      env: { ...process.env, RECALL_USER_DATA: userData },
    });
    const window = await app.firstWindow();
    expect(window.url()).toBe('app://recall/index.html');
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const web = BrowserWindow.getAllWindows()[0]!.webContents;
      // getLastWebPreferences is the documented way to read them back.
      return web.getLastWebPreferences();
    });
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');

    await expect(window.getByTestId('deck-python')).toBeVisible();
    await window.getByRole('button', { name: 'Study Python' }).click();
    await window.keyboard.press('Space');
    await window.keyboard.press('3');
    await expect(window.getByTestId('session-counts')).toBeVisible();
    const reviews = await window.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('recall');
          open.onsuccess = () => {
            const request = open.result.transaction('reviews').objectStore('reviews').count();
            request.onsuccess = () => resolve(request.result);
          };
        }),
    );
    expect(reviews).toBe(1);

    // Navigation away from the app is refused.
    await window.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await window.waitForTimeout(300);
    expect(window.url()).toBe('app://recall/index.html');
    await app.close();
  });
});
