import { beforeAll, describe, expect, it } from 'vitest';
import { useApp } from './harness.ts';
import { createAllianceAs, openPartnerLink, openPartnerWindow, type PartnerWindow } from './pages/partnerWindow.ts';
import { WorkspacePage } from './pages/workspacePage.ts';

/** Two tabs of one browser on one alliance share each edit directly, with no network, and both then reach the relay. */
describe('two tabs of one browser', () => {
  const app = useApp();
  let owner: PartnerWindow;
  let allianceId = '';

  beforeAll(async () => {
    owner = await openPartnerWindow(app);
    allianceId = await createAllianceAs(owner, app.url);
  });

  it('share each edit offline, both ways, and every edit reaches the relay once the network is back', async () => {
    await owner.ws.waitForConnection('Synced');
    const second = new WorkspacePage(await owner.context.newPage());
    await second.page.goto(`${app.url}/#/a/${allianceId}/charter`);
    await owner.page.goto(`${app.url}/#/a/${allianceId}/charter`);
    await second.waitForConnection('Synced');

    await owner.context.setOffline(true);
    await owner.ws.waitForConnection(/^Connection: Offline/);
    await second.waitForConnection(/^Connection: Offline/);
    await owner.ws.appendToCharter('Typed in the first tab, offline.');
    await second.waitForCharterText('Typed in the first tab, offline.');
    await second.appendToCharter('Typed in the second tab, offline.');
    await owner.ws.waitForCharterText('Typed in the second tab, offline.');

    await owner.context.setOffline(false);
    await owner.ws.waitForConnection('Synced');
    await second.waitForConnection('Synced');
    for (const tab of [owner.ws, second]) {
      expect(await tab.charter().textContent()).toContain('Typed in the first tab, offline.');
      expect(await tab.charter().textContent()).toContain('Typed in the second tab, offline.');
    }
    // Another device, which has only what the relay holds, reads both tabs' words.
    await owner.ws.section('Sharing');
    const viewLink = await owner.ws.createLink('Auditor', 'View only');
    const reader = await openPartnerWindow(app);
    await openPartnerLink(reader, viewLink, 'Vic', 'Observer');
    await reader.ws.section('Charter');
    await reader.ws.waitForCharterText('Typed in the first tab, offline.');
    await reader.ws.waitForCharterText('Typed in the second tab, offline.');
    await reader.context.close();
  });
});
