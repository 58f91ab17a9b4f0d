import type { AllianceDocument } from './alliance.ts';
import { charterContent } from './charterContent.ts';
import { blocksMarkdown, type Block, type Span } from './documentBlocks.ts';
import { trustBalances, isDeposit } from '../method/trust.ts';
import { reviewStatus } from '../method/realignment.ts';
import type { AllianceSnapshot } from '../schema.ts';
import { DECISION_CATEGORIES, INTEREST_KINDS, LAYERS } from '../schema.ts';
import { CATEGORY_LABELS, INTEREST_KIND_HEADINGS, LAYER_LABELS, RULE_DESCRIPTIONS } from '../vocabulary.ts';

/** An ISO calendar date (UTC): exports read the same wherever they are opened. */
export function isoDate(at: number): string {
  return new Date(at).toISOString().slice(0, 10);
}

/** Text from the document on one line (a name, a note in a table or a list). */
const plain = (text: string): Span => ({ text: text.replace(/\n/g, ' ') });
const em = (text: string): Span => ({ text, italic: true });
const strong = (text: string): Span => ({ text, bold: true });
const heading = (level: number, text: string): Block => ({ type: 'heading', level, spans: [plain(text)] });
const paragraph = (...spans: Span[]): Block => ({ type: 'paragraph', spans });
const list = (items: Span[][]): Block => ({ type: 'list', ordered: false, items: items.map((spans) => [paragraph(...spans)]) });
const table = (head: string[], rows: string[][]): Block => ({
  type: 'table',
  head: head.map((text) => [plain(text)]),
  rows: rows.map((row) => row.map((text) => [plain(text)])),
});

/**
 * The charter with its appendices — partners, interest map, governance rules, exit plan, trust summary and
 * realignment — as one document (EXPORT-1..3).
 */
export function allianceExport(alliance: AllianceDocument, now: number): Block[] {
  const snap = alliance.snapshot();
  return [
    heading(1, snap.meta.name),
    ...(snap.meta.purpose ? [paragraph(plain(snap.meta.purpose))] : []),
    paragraph(em(`Exported ${isoDate(now)} · ${snap.meta.mode === 'light' ? 'Light mode (one-page agreement)' : 'Full charter'}`)),
    ...charter(alliance),
    ...appendixPartners(snap),
    ...appendixInterests(snap),
    ...appendixGovernance(snap),
    ...appendixExitPlan(snap),
    ...appendixTrust(snap),
    ...appendixRealignment(snap, now),
  ];
}

/** The export as Markdown, for the download. */
export function allianceMarkdown(alliance: AllianceDocument, now: number): string {
  return blocksMarkdown(allianceExport(alliance, now));
}

/** The charter under the alliance's title: its own top heading moves one level down; empty edges are left out. */
function charter(alliance: AllianceDocument): Block[] {
  const blocks = charterContent(alliance.charter());
  const isBlank = (block: Block) => blocksMarkdown([block]).trim() === '';
  while (blocks.length > 0 && isBlank(blocks[0]!)) blocks.shift();
  while (blocks.length > 0 && isBlank(blocks[blocks.length - 1]!)) blocks.pop();
  const first = blocks[0];
  if (first?.type === 'heading' && first.level === 1) blocks[0] = { ...first, level: 2 };
  return blocks.length > 0 ? blocks : [paragraph(em('The charter has no text yet.'))];
}

function partnerName(snap: AllianceSnapshot, id: string | null): string {
  if (id === null) return 'the alliance';
  return snap.partners.find((p) => p.id === id)?.name ?? 'a former partner';
}

function appendixPartners(snap: AllianceSnapshot): Block[] {
  return [
    heading(2, 'Appendix A — Partners'),
    table(
      ['Partner', 'Voting weight', 'Minority protection', 'Status', 'Joined'],
      snap.partners.map((p) => [
        p.name,
        String(p.votingWeight),
        p.minorityProtected ? 'yes' : 'no',
        `${p.status}${p.exitEffectiveAt ? ` (leaves ${isoDate(p.exitEffectiveAt)})` : ''}`,
        isoDate(p.joinedAt),
      ]),
    ),
  ];
}

function appendixInterests(snap: AllianceSnapshot): Block[] {
  const out: Block[] = [heading(2, 'Appendix B — Interest map')];
  for (const partner of snap.partners) {
    const interests = snap.interests.filter((i) => i.partnerId === partner.id);
    out.push(heading(3, partner.name));
    if (interests.length === 0) {
      out.push(paragraph(em('No interests recorded.')));
      continue;
    }
    for (const kind of INTEREST_KINDS) {
      const ofKind = interests.filter((i) => i.kind === kind);
      if (ofKind.length === 0) continue;
      out.push(paragraph(strong(INTEREST_KIND_HEADINGS[kind])));
      out.push(list(ofKind.map((i) => [plain(i.text), plain(' '), em(`(${LAYER_LABELS[i.layer].toLowerCase()})`)])));
    }
  }
  const text = (id: string) => snap.interests.find((i) => i.id === id)?.text ?? 'a removed interest';
  if (snap.alignment.length > 0) {
    out.push(heading(3, 'Links between interests'));
    out.push(
      list(
        snap.alignment.map((l) => {
          const spans = [plain(`“${text(l.fromInterestId)}” ${l.relation === 'supports' ? 'supports' : 'conflicts with'} “${text(l.toInterestId)}”`)];
          if (l.note) spans.push(plain(` — ${l.note}`));
          if (l.relation === 'conflicts') spans.push(...(l.resolution.trim() ? [plain(` Resolved: ${l.resolution}`)] : [plain(' '), strong('Unresolved.')]));
          return spans;
        }),
      ),
    );
  }
  const empty = LAYERS.filter((layer) => !snap.interests.some((i) => i.layer === layer));
  if (empty.length > 0) out.push(paragraph(em(`Nothing recorded on the ${empty.join(' and ')} layer.`)));
  return out;
}

function appendixGovernance(snap: AllianceSnapshot): Block[] {
  const g = snap.governance;
  const protectedPartners = snap.partners.filter((p) => p.minorityProtected).map((p) => p.name);
  return [
    heading(2, 'Appendix C — Governance rules'),
    table(
      ['Category', 'Rule', 'Minority veto'],
      DECISION_CATEGORIES.map((c) => [CATEGORY_LABELS[c], RULE_DESCRIPTIONS[g.rules[c]], g.vetoCategories.includes(c) ? 'yes' : 'no']),
    ),
    list([
      [plain(`Quorum: ${Math.round(g.quorum * 100)}% of voting partners`)],
      [plain(`Lead partner: ${g.leadPartnerId ? partnerName(snap, g.leadPartnerId) : 'not set'}`)],
      [plain(`Escalation: operational team for up to ${g.operationalTimeLimitDays} days, then the joint steering committee within ${g.steeringTimeLimitDays} days`)],
      [plain(`Minority-protected partners: ${protectedPartners.length > 0 ? protectedPartners.join(', ') : 'none'}`)],
    ]),
  ];
}

function appendixExitPlan(snap: AllianceSnapshot): Block[] {
  const e = snap.exitPlan;
  return [
    heading(2, 'Appendix D — Mutual exit plan'),
    list([
      [plain(`Notice period: ${e.noticePeriodDays} days`)],
      [plain(`Non-disparagement: ${e.nonDisparagement ? 'agreed' : 'not agreed'}`)],
      [plain(`Force majeure: ${e.forceMajeure.trim() ? e.forceMajeure : 'not set out'}`)],
    ]),
    e.assets.length > 0
      ? table(['Shared asset', 'Held by', 'Division on exit'], e.assets.map((a) => [a.name, a.holder, a.split]))
      : paragraph(em('No shared assets listed.')),
  ];
}

function appendixTrust(snap: AllianceSnapshot): Block[] {
  const balances = trustBalances(snap.trust);
  return [
    heading(2, 'Appendix E — Trust account'),
    table(
      ['Partner', 'Balance', 'Deposits', 'Withdrawals'],
      snap.partners.map((p) => {
        const entries = snap.trust.filter((t) => t.partnerId === p.id);
        const deposits = entries.filter((t) => isDeposit(t.kind)).length;
        return [p.name, String(balances.get(p.id) ?? 0), String(deposits), String(entries.length - deposits)];
      }),
    ),
  ];
}

function appendixRealignment(snap: AllianceSnapshot, now: number): Block[] {
  const status = reviewStatus(snap.meta, snap.reviews, now);
  const last = snap.reviews[snap.reviews.length - 1];
  const next = status.known ? `next review ${isoDate(status.nextAt)}${status.overdue ? ' (overdue)' : ''}` : 'next review not yet dated (no start date)';
  const items = [[plain(`Review every ${snap.meta.reviewCadenceMonths} months; ${next}`)]];
  if (last) items.push([plain(`Last review ${isoDate(last.at)}: ${last.notes}${last.agreedChanges ? ` Agreed changes: ${last.agreedChanges}` : ''}`)]);
  return [heading(2, 'Appendix F — Realignment'), list(items)];
}
