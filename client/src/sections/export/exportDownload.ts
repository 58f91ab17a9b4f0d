/**
 * Getting the export out of the browser: a .md file (Blob + a link with a download attribute), the
 * clipboard, or the browser's print dialog (PDF through "Save as PDF").
 */
import { isoDate } from '@trellis/shared';

/** "Green Last Mile" exported on 2026-03-14 → "green-last-mile-charter-2026-03-14.md". */
export function exportFileName(allianceName: string, now: number): string {
  const slug = allianceName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${slug || 'alliance'}-charter-${isoDate(now)}.md`;
}

/** Offers `text` as a file download. */
export function downloadText(doc: Document, fileName: string, text: string, type = 'text/markdown;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  doc.body.append(link);
  link.click();
  link.remove();
  // The download has started by the next task; the URL is only needed until then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Copies to the clipboard; false when the browser refuses (no permission, insecure context). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
