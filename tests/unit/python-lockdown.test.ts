/** The worker lock-down on stand-in scopes shaped like a worker's global (own properties over prototypes). */
import { describe, expect, it } from 'vitest';
import { BLOCKED_GLOBALS, blockPackageLoading, lockDownScope } from '../../renderer/python/lockdown';

function workerLikeScope(): Record<string, unknown> {
  // WorkerGlobalScope.prototype holds methods and accessors; interface objects are own properties of the scope.
  const prototype = {
    fetch: () => 'network',
    importScripts: () => undefined,
    postMessage: () => undefined,
    get indexedDB() {
      return { open: () => 'database' };
    },
    get caches() {
      return {};
    },
    get navigator() {
      return { userAgent: 'test', languages: ['en'], hardwareConcurrency: 2, storage: {}, locks: {}, serviceWorker: {}, sendBeacon: () => true };
    },
  };
  const scope = Object.create(prototype) as Record<string, unknown>;
  Object.assign(scope, { XMLHttpRequest: class {}, WebSocket: class {}, Worker: class {}, BroadcastChannel: class {}, setTimeout, Math });
  return scope;
}

describe('the Python worker lock-down', () => {
  it('removes storage, network and other contexts from the scope and its prototypes, and keeps computation', () => {
    const scope = workerLikeScope();
    lockDownScope(scope);
    for (const name of BLOCKED_GLOBALS) expect(scope[name], name).toBeUndefined();
    expect(scope.setTimeout).toBe(setTimeout);
    expect(scope.Math).toBe(Math);
  });

  it('leaves a navigator with a few harmless fields, frozen', () => {
    const scope = workerLikeScope();
    lockDownScope(scope);
    const navigator = scope.navigator as Record<string, unknown>;
    expect(navigator).toEqual({ userAgent: 'test', languages: ['en'], hardwareConcurrency: 2 });
    expect(Object.isFrozen(navigator)).toBe(true);
    expect(() => Object.defineProperty(scope, 'navigator', { value: {} })).toThrow();
  });

  it('refuses to go on when something cannot be removed', () => {
    const scope = workerLikeScope();
    Object.defineProperty(scope, 'fetch', { value: () => 'network', configurable: false });
    expect(() => lockDownScope(scope)).toThrow(/could not remove fetch/);
  });

  it('makes package loading throw at once instead of fetching', () => {
    const pyodide = { loadPackage: () => Promise.resolve(), loadPackagesFromImports: () => Promise.resolve() };
    blockPackageLoading(pyodide);
    expect(() => pyodide.loadPackage()).toThrow(/only the standard library/);
    expect(() => pyodide.loadPackagesFromImports()).toThrow(/only the standard library/);
  });
});
