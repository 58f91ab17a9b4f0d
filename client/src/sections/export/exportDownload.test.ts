import { describe, expect, it } from 'vitest';
import { exportFileName } from './exportDownload.ts';

describe('export file name', () => {
  const now = Date.UTC(2026, 2, 14, 12);
  it('is the alliance name as a slug, with the date', () => {
    expect(exportFileName('Green Last Mile', now)).toBe('green-last-mile-charter-2026-03-14.md');
  });
  it('keeps letters of accented names and drops everything unsafe', () => {
    expect(exportFileName('Café  Crème / Ü-Bahn: 2026!', now)).toBe('cafe-creme-u-bahn-2026-charter-2026-03-14.md');
    expect(exportFileName('../../etc/passwd', now)).toBe('etc-passwd-charter-2026-03-14.md');
  });
  it('falls back when nothing is left', () => {
    expect(exportFileName('技术联盟', now)).toBe('alliance-charter-2026-03-14.md');
  });
});
