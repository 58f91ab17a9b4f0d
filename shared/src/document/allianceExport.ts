import type { AllianceDocument } from './alliance.ts';
import { charterContent } from './charterContent.ts';
import { blocksMarkdown, em, heading, isoDate, list, paragraph, plain, strong, table, type Block } from './documentBlocks.ts';
import { appendixCheckIns, appendixCommitments, appendixDecisions, realignmentReviews } from './exportRecords.ts';
import { trustBalances, isDeposit } from '../method/trust.ts';
import { reviewStatus } from '../method/realignment.ts';
import type { AllianceSnapshot } from '../schema.ts';
import { DECISION_CATEGORIES, INTEREST_KINDS, LAYERS } from '../schema.ts';
import { CATEGORY_LABELS, CHOICE_LABELS, INTEREST_KIND_HEADINGS, LAYER_LABELS, RULE_DESCRIPTIONS } from '../vocabulary.ts';

export { isoDate } from './documentBlocks.ts';

/**
 * The charter with its appendices — partners, interest map, governance rules, exit plan, trust summary,
 * realignment, decisions log, commitments and check-ins — as one document (EXPORT-1..3, EXPORT-5).
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
    ...appendixDecisions(snap),
    ...appendixCommitments(snap),
    ...appendixCheckIns(snap),
    ...appendixRatified(alliance, snap),
  ];
}

/**
 * The ratified charter (RAT-6): the latest ratified text, then its record — when, by which decision, the version, the
 * hash and the votes that counted — and whether the live charter has drifted from it. Nothing when never ratified.
 */
function appendixRatified(alliance: AllianceDocument, snap: AllianceSnapshot): Block[] {
  const held = alliance.charterDrift();
  if (!held) return [];
  const { ratification: r, drift } = held;
  const decision = snap.decisions.find((d) => d.id === r.decisionId);
  return [
    heading(2, `Appendix J — Ratified charter (Ratified v${r.number})`),
    ...(r.content.length > 0 ? r.content.map((block) => oneLevelDown(oneLevelDown(block))) : [paragraph(em('The ratified text was empty.'))]),
    heading(3, 'Ratification record'),
    list([
      [plain(`Ratified v${r.number} on ${isoDate(r.ratifiedAt)}`)],
      [plain(`Decision: ${decision?.title ?? 'a decision no longer held'}`)],
      [plain(`Version: ${r.versionName || 'automatic version'} of ${isoDate(r.versionAt)}`)],
      [plain(`Content hash (SHA-256): ${r.hash}`)],
      [plain(drift.drifted ? `The live charter has drifted since ratification: ${drift.changes} change${drift.changes === 1 ? '' : 's'}.` : 'The live charter matches the ratified text.')],
    ]),
    table(
      ['Partner', 'Vote', 'Voting weight'],
      r.votes.map((v) => [v.name, CHOICE_LABELS[v.choice], String(v.weight)]),
    ),
  ];
}

/** The export as Markdown, for the download. */
export function allianceMarkdown(alliance: AllianceDocument, now: number): string {
  return blocksMarkdown(allianceExport(alliance, now));
}

/**
 * The charter, the first part under the alliance's name (EXPORT-5): its opening title (an H1) heads the part, or
 * "Charter" when it has none, and each heading in it moves one level down, so its sections sit under its title.
 * Empty edges are left out.
 */
function charter(alliance: AllianceDocument): Block[] {
  const blocks = charterContent(alliance.charter());
  const isBlank = (block: Block) => blocksMarkdown([block]).trim() === '';
  while (blocks.length > 0 && isBlank(blocks[0]!)) blocks.shift();
  while (blocks.length > 0 && isBlank(blocks[blocks.length - 1]!)) blocks.pop();
  const first = blocks[0];
  const titled = first?.type === 'heading' && first.level === 1;
  const title = titled ? blocks.shift()! : heading(1, 'Charter');
  const body = blocks.length > 0 || titled ? blocks : [paragraph(em('The charter has no text yet.'))];
  return [title, ...body].map(oneLevelDown);
}

function oneLevelDown(block: Block): Block {
  switch (block.type) {
    case 'heading':
      return { ...block, level: Math.min(block.level + 1, 6) };
    case 'quote':
      return { ...block, blocks: block.blocks.map(oneLevelDown) };
    case 'list':
      return { ...block, items: block.items.map((item) => item.map(oneLevelDown)) };
    default:
      return block;
  }
}

function partnerName(snap: AllianceSnapshot, id: string | null): string {
  // Stryker disable next-line StringLiteral,ConditionalExpression: never reached: the only caller passes a lead partner id, never null
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
  // Stryker disable next-line StringLiteral,OptionalChaining: never reached: the snapshot lists only links whose two interests it lists (REC-9)
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
  const next = status.known ? `next review ${isoDate(status.nextAt)}${status.overdue ? ' (overdue)' : ''}` : 'next review not yet dated (no start date)';
  return [heading(2, 'Appendix F — Realignment'), list([[plain(`Review every ${snap.meta.reviewCadenceMonths} months; ${next}`)]]), ...realignmentReviews(snap)];
}
