import type { AllianceDocument } from './alliance.ts';
import { charterMarkdown, escapeMarkdown } from './charterMarkdown.ts';
import { trustBalances, isDeposit } from '../method/trust.ts';
import { reviewStatus } from '../method/realignment.ts';
import type { AllianceSnapshot } from '../schema.ts';
import { CATEGORY_LABELS, INTEREST_KIND_HEADINGS, LAYER_LABELS, RULE_DESCRIPTIONS } from '../vocabulary.ts';
import { DECISION_CATEGORIES, INTEREST_KINDS, LAYERS } from '../schema.ts';


/** An ISO calendar date (UTC): exports read the same wherever they are opened. */
export function isoDate(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

const cell = (text: string) => escapeMarkdown(text).replace(/\n/g, ' ');

/**
 * The charter with its appendices — partners, interest map, governance rules, exit plan, trust summary and
 * realignment — as one Markdown document.
 */
export function allianceMarkdown(alliance: AllianceDocument, now: number): string {
  const snap = alliance.snapshot();
  const parts = [
    `# ${cell(snap.meta.name)}`,
    snap.meta.purpose ? cell(snap.meta.purpose) : '',
    `_Exported ${isoDate(now)} · ${snap.meta.mode === 'light' ? 'Light mode (one-page agreement)' : 'Full charter'}_`,
    charterMarkdown(alliance.charter()).replace(/^# /, '## ').trim() || '_The charter has no text yet._',
    appendixPartners(snap),
    appendixInterests(snap),
    appendixGovernance(snap),
    appendixExitPlan(snap),
    appendixTrust(snap),
    appendixRealignment(snap, now),
  ];
  return parts.filter((part) => part.length > 0).join('\n\n') + '\n';
}

function partnerName(snap: AllianceSnapshot, id: string | null): string {
  if (id === null) return 'the alliance';
  return snap.partners.find((p) => p.id === id)?.name ?? 'a former partner';
}

function appendixPartners(snap: AllianceSnapshot): string {
  const rows = snap.partners.map(
    (p) =>
      `| ${cell(p.name)} | ${p.votingWeight} | ${p.minorityProtected ? 'yes' : 'no'} | ${p.status}${p.exitEffectiveAt ? ` (leaves ${isoDate(p.exitEffectiveAt)})` : ''} | ${isoDate(p.joinedAt)} |`,
  );
  return ['## Appendix A — Partners', '| Partner | Voting weight | Minority protection | Status | Joined |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

function appendixInterests(snap: AllianceSnapshot): string {
  const out = ['## Appendix B — Interest map'];
  for (const partner of snap.partners) {
    const interests = snap.interests.filter((i) => i.partnerId === partner.id);
    out.push(`### ${cell(partner.name)}`);
    if (interests.length === 0) {
      out.push('_No interests recorded._');
      continue;
    }
    for (const kind of INTEREST_KINDS) {
      const ofKind = interests.filter((i) => i.kind === kind);
      if (ofKind.length === 0) continue;
      out.push(`**${INTEREST_KIND_HEADINGS[kind]}**\n\n` + ofKind.map((i) => `- ${cell(i.text)} _(${LAYER_LABELS[i.layer].toLowerCase()})_`).join('\n'));
    }
  }
  const text = (id: string) => snap.interests.find((i) => i.id === id)?.text ?? 'a removed interest';
  if (snap.alignment.length > 0) {
    out.push('### Links between interests');
    out.push(
      snap.alignment
        .map((l) => {
          const head = `- “${cell(text(l.fromInterestId))}” ${l.relation === 'supports' ? 'supports' : 'conflicts with'} “${cell(text(l.toInterestId))}”`;
          const note = l.note ? ` — ${cell(l.note)}` : '';
          const resolution = l.relation === 'conflicts' ? (l.resolution.trim() ? ` Resolved: ${cell(l.resolution)}` : ' **Unresolved.**') : '';
          return head + note + resolution;
        })
        .join('\n'),
    );
  }
  const used = LAYERS.filter((layer) => snap.interests.some((i) => i.layer === layer));
  if (used.length < LAYERS.length) out.push(`_Nothing recorded on the ${LAYERS.filter((l) => !used.includes(l)).join(' and ')} layer._`);
  return out.join('\n\n');
}

function appendixGovernance(snap: AllianceSnapshot): string {
  const g = snap.governance;
  const rows = DECISION_CATEGORIES.map(
    (c) => `| ${CATEGORY_LABELS[c]} | ${RULE_DESCRIPTIONS[g.rules[c]]} | ${g.vetoCategories.includes(c) ? 'yes' : 'no'} |`,
  );
  const protectedPartners = snap.partners.filter((p) => p.minorityProtected).map((p) => cell(p.name));
  return [
    '## Appendix C — Governance rules',
    ['| Category | Rule | Minority veto |', '| --- | --- | --- |', ...rows].join('\n'),
    [
      `- Quorum: ${Math.round(g.quorum * 100)}% of voting partners`,
      `- Lead partner: ${g.leadPartnerId ? cell(partnerName(snap, g.leadPartnerId)) : 'not set'}`,
      `- Escalation: operational team for up to ${g.operationalTimeLimitDays} days, then the joint steering committee within ${g.steeringTimeLimitDays} days`,
      `- Minority-protected partners: ${protectedPartners.length > 0 ? protectedPartners.join(', ') : 'none'}`,
    ].join('\n'),
  ].join('\n\n');
}

function appendixExitPlan(snap: AllianceSnapshot): string {
  const e = snap.exitPlan;
  const lines = [
    '## Appendix D — Mutual exit plan',
    [
      `- Notice period: ${e.noticePeriodDays} days`,
      `- Non-disparagement: ${e.nonDisparagement ? 'agreed' : 'not agreed'}`,
      `- Force majeure: ${e.forceMajeure.trim() ? cell(e.forceMajeure) : 'not set out'}`,
    ].join('\n'),
  ];
  if (e.assets.length > 0) {
    lines.push(['| Shared asset | Held by | Division on exit |', '| --- | --- | --- |', ...e.assets.map((a) => `| ${cell(a.name)} | ${cell(a.holder)} | ${cell(a.split)} |`)].join('\n'));
  } else lines.push('_No shared assets listed._');
  return lines.join('\n\n');
}

function appendixTrust(snap: AllianceSnapshot): string {
  const balances = trustBalances(snap.trust);
  const rows = snap.partners.map((p) => {
    const entries = snap.trust.filter((t) => t.partnerId === p.id);
    const deposits = entries.filter((t) => isDeposit(t.kind)).length;
    return `| ${cell(p.name)} | ${balances.get(p.id) ?? 0} | ${deposits} | ${entries.length - deposits} |`;
  });
  return ['## Appendix E — Trust account', '| Partner | Balance | Deposits | Withdrawals |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

function appendixRealignment(snap: AllianceSnapshot, now: number): string {
  const status = reviewStatus(snap.meta, snap.reviews, now);
  const last = snap.reviews[snap.reviews.length - 1];
  const lines = [
    '## Appendix F — Realignment',
    `- Review every ${snap.meta.reviewCadenceMonths} months; next review ${isoDate(status.nextAt)}${status.overdue ? ' (overdue)' : ''}`,
  ];
  if (last) {
    lines.push(`- Last review ${isoDate(last.at)}: ${cell(last.notes)}${last.agreedChanges ? ` Agreed changes: ${cell(last.agreedChanges)}` : ''}`);
  }
  return [lines[0], lines.slice(1).join('\n')].join('\n\n');
}
