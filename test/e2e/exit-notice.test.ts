import { describe, expect, it } from 'vitest';
import { shoot, useApp } from './harness.ts';
import { createAllianceAs, openPartnerWindow } from './pages/partnerWindow.ts';

/** AUDIT-10: the Exit plan says when the charter names another notice period than the plan's, and stops once they agree. */
describe('the exit plan against the charter', () => {
  const app = useApp();

  it('AUDIT-10: a notice period the charter does not name is flagged with both numbers, and the flag goes once they agree', async () => {
    const owner = await openPartnerWindow(app);
    await createAllianceAs(owner, app.url);
    await owner.ws.section('Exit plan');
    // The charter's template and the plan both say 90 days.
    const notice = owner.page.getByRole('spinbutton', { name: /^Notice period/ });
    expect(await notice.inputValue()).toBe('90');
    const flag = owner.page.getByRole('note').filter({ hasText: 'The charter says a notice period of' });
    expect(await flag.count()).toBe(0);

    await notice.fill('120');
    await notice.press('Tab');
    await flag.filter({ hasText: 'The charter says a notice period of 90 days, but the exit plan says 120 days.' }).waitFor();
    await flag.getByRole('link', { name: 'Open the charter' }).waitFor();
    await shoot(owner.page, 'exit-notice-disagrees', { fullPage: false });

    await notice.fill('90');
    await notice.press('Tab');
    await flag.waitFor({ state: 'detached' });
  });
});
