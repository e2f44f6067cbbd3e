/** The layers stay apart: shared/ is pure (no Electron, Node or DOM), the renderer never reaches Node or Electron. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx)$/.test(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}

function imports(file: string): string[] {
  const text = readFileSync(path.join(root, file), 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
}

const NODE_BUILTINS = /^(node:|fs$|path$|os$|child_process$|url$|crypto$)/;

describe('module boundaries', () => {
  it('shared/ imports neither Electron, nor Node modules, nor anything outside shared/', () => {
    const sharedRoot = path.join(root, 'shared') + path.sep;
    const leavesShared = (file: string, spec: string) => spec.startsWith('.') && !path.resolve(root, path.dirname(file), spec).startsWith(sharedRoot);
    const offending = sourceFiles('shared').flatMap((file) =>
      imports(file)
        .filter((spec) => spec === 'electron' || NODE_BUILTINS.test(spec) || leavesShared(file, spec))
        .map((spec) => `${file} imports ${spec}`),
    );
    expect(offending).toEqual([]);
  });

  it('shared/ uses no DOM globals', () => {
    const offending = sourceFiles('shared').filter((file) => /\b(window|document|localStorage|navigator)\./.test(readFileSync(path.join(root, file), 'utf8')));
    expect(offending).toEqual([]);
  });

  it('the renderer app imports neither Electron nor Node modules (its Vite build configs excepted)', () => {
    const offending = sourceFiles('renderer')
      .filter((file) => !/vite[^/]*\.ts$/.test(file))
      .flatMap((file) => imports(file).filter((spec) => spec === 'electron' || NODE_BUILTINS.test(spec)).map((spec) => `${file} imports ${spec}`));
    expect(offending).toEqual([]);
  });
});
