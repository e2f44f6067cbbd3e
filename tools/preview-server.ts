/** Starts `vite preview` of a web build for the tools that drive it in Chromium, and stops it again. */
import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

export interface PreviewServer {
  url: string;
  stop(): void;
}

export async function startPreview(port: number, options: { outDir?: string; env?: NodeJS.ProcessEnv } = {}): Promise<PreviewServer> {
  const args = ['vite', 'preview', '--config', 'renderer/vite.web.config.ts', '--port', String(port), '--strictPort'];
  if (options.outDir) args.push('--outDir', options.outDir);
  const server = spawn('npx', args, { cwd: root, stdio: 'ignore', detached: true, env: { ...process.env, ...options.env } });
  const stop = () => {
    try {
      if (server.pid) process.kill(-server.pid);
    } catch {
      // already gone
    }
  };
  const url = `http://127.0.0.1:${port}/`;
  for (let attempt = 0; attempt < 150; attempt++) {
    try {
      if ((await fetch(url)).ok) return { url, stop };
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  stop();
  throw new Error(`the preview server did not start at ${url}`);
}
