/**
 * Copies text to the clipboard. Browsers offer the Clipboard API only on
 * secure origins; a console reached over plain HTTP on a hospital network
 * falls back to the older copy command.
 */
export async function copyText(text: string): Promise<void> {
  if (globalThis.navigator?.clipboard?.writeText !== undefined && globalThis.isSecureContext !== false) {
    try {
      await globalThis.navigator.clipboard.writeText(text);
      return;
    } catch {
      // Denied (permissions, focus); try the fallback below.
    }
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  try {
    if (!document.execCommand?.('copy')) throw new Error('copy command refused');
  } finally {
    area.remove();
  }
}

/** Offers text as a file download (recovery codes). */
export function downloadText(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
