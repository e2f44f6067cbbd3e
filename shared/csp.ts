/**
 * The renderer's Content-Security-Policy: only the app's own scripts, no remote anything, no eval. Inline
 * styles are allowed because the code highlighter colours tokens with style attributes; scripts stay strict.
 * 'wasm-unsafe-eval' lets the Python worker compile the app's own Pyodide WebAssembly (it allows WebAssembly
 * compilation only, not JavaScript eval).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "worker-src 'self'",
].join('; ');
