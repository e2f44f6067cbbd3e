import path from 'node:path';
import { defineConfig } from '@playwright/test';

// Overridable so several checkouts (or people) can run the suite side by side on one machine.
const PORT = Number(process.env.E2E_PORT ?? 5199);
// Absolute: vite preview resolves a relative --outDir against the renderer folder, not the repo.
const OUT_DIR = path.resolve(process.env.RECALL_WEB_OUT_DIR ?? 'dist-web');

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: process.env.E2E_OUTPUT_DIR ?? 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    timezoneId: 'Europe/Berlin',
    locale: 'en-GB',
    viewport: { width: 1200, height: 820 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `npm run build:web && npx vite preview --config renderer/vite.web.config.ts --outDir ${OUT_DIR} --port ${PORT} --strictPort`,
    env: { RECALL_WEB_OUT_DIR: OUT_DIR },
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
