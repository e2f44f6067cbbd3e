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
    const page = await app.firstWindow();
    expect(page.url()).toBe('app://recall/index.html');
    // No Node in the page; the preload's one API object is all there is.
    expect(await page.evaluate(() => [typeof (globalThis as { require?: unknown }).require, typeof (globalThis as { process?: unknown }).process])).toEqual(['undefined', 'undefined']);
    expect(await page.evaluate(() => Object.keys((globalThis as { recall?: object }).recall ?? {}).sort())).toEqual(['loadDecks', 'onMenuCommand', 'openExternalLink', 'openUserDeckFolder', 'platform']);

    await expect(page.getByTestId('deck-python')).toBeVisible();
    await page.getByRole('button', { name: 'Study Python' }).click();
    await page.keyboard.press('Space');
    await page.keyboard.press('3');
    await expect(page.getByTestId('session-counts')).toBeVisible();
    const reviews = await page.evaluate(
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
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(300);
    expect(page.url()).toBe('app://recall/index.html');
    await app.close();
  });
});
