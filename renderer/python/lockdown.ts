/**
 * What card code must not reach from the Python worker. Python sees the worker's global scope as the `js`
 * module (`import js; js.fetch(...)`), so before any card code runs the worker deletes from that scope every way
 * to the app's data (IndexedDB, Cache Storage, the origin's file system, Web Locks), to the network (fetch, XHR,
 * sockets, fonts, beacons) and to fresh, unlocked scopes (nested workers). What stays is computation, timers and
 * the worker's own message port, which the host captured before the lock-down.
 */

/** Globals deleted from the worker's scope and its prototype chain. */
export const BLOCKED_GLOBALS = [
  // the app's data
  'indexedDB',
  'caches',
  'cookieStore',
  'requestFileSystem',
  'webkitRequestFileSystem',
  'webkitRequestFileSystemSync',
  'webkitResolveLocalFileSystemURL',
  'webkitResolveLocalFileSystemSyncURL',
  // the network
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'WebSocketStream',
  'WebTransport',
  'EventSource',
  'importScripts',
  'FontFace',
  'fonts',
  'RTCPeerConnection',
  'webkitRTCPeerConnection',
  'RTCDataChannel',
  'Notification',
  // other contexts: fresh scopes with all of the above, or a line to the app's pages
  'Worker',
  'SharedWorker',
  'BroadcastChannel',
  'postMessage',
] as const;

/**
 * The navigator fields card code may read; the rest (storage, locks, serviceWorker, sendBeacon, devices) goes.
 */
const NAVIGATOR_FIELDS = ['userAgent', 'language', 'languages', 'hardwareConcurrency', 'platform', 'onLine'] as const;

function deleteEverywhere(scope: object, name: string): void {
  for (let holder: object | null = scope; holder; holder = Object.getPrototypeOf(holder) as object | null) {
    if (Object.getOwnPropertyDescriptor(holder, name)) Reflect.deleteProperty(holder, name);
  }
}

/**
 * Strips `scope` (the worker's globalThis) of BLOCKED_GLOBALS and replaces its navigator by a frozen copy of a
 * few harmless fields. Throws if anything is still reachable afterwards: the caller must then run no code.
 */
export function lockDownScope(scope: object): void {
  const record = scope as Record<string, unknown>;
  const navigatorValue = record.navigator as Record<string, unknown> | undefined;
  if (navigatorValue !== undefined) {
    const copy: Record<string, unknown> = {};
    for (const field of NAVIGATOR_FIELDS) {
      const value = navigatorValue[field];
      if (value !== undefined) copy[field] = Array.isArray(value) ? Object.freeze([...(value as unknown[])]) : value;
    }
    deleteEverywhere(scope, 'navigator');
    Object.defineProperty(scope, 'navigator', { value: Object.freeze(copy), writable: false, configurable: false, enumerable: true });
  }
  for (const name of BLOCKED_GLOBALS) deleteEverywhere(scope, name);

  const left = BLOCKED_GLOBALS.filter((name) => record[name] !== undefined);
  const navigatorLeft = record.navigator as Record<string, unknown> | undefined;
  if (navigatorLeft && ['storage', 'locks', 'serviceWorker', 'sendBeacon'].some((name) => navigatorLeft[name] !== undefined)) left.push('navigator' as never);
  if (left.length > 0) throw new Error(`the Python worker could not remove ${left.join(', ')}; no code will run`);
}

/** Pyodide's package loading would fetch wheels; card code gets the standard library only. */
export function blockPackageLoading(pyodide: object): void {
  const refuse = () => {
    throw new Error('packages cannot be installed when running card code: only the standard library is available');
  };
  // Configurable, because Pyodide redefines its whole API to throw after a fatal error.
  for (const name of ['loadPackage', 'loadPackagesFromImports']) {
    Object.defineProperty(pyodide, name, { value: refuse, writable: false, configurable: true });
  }
}
