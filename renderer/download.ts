/** Saves text as a file the user downloads (the desktop app shows its save dialog). */
export function downloadText(fileName: string, text: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 5000);
}

export function dateStamp(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}
