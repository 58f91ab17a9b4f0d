/**
 * What the screens show about an alliance, derived from its snapshot. The method's rules live in
 * shared/ (pure functions); this module only shapes their answers for display.
 */
import {
  type AllianceSnapshot,
  type Id,
  type Interest,
  type Millis,
  type Partner,
  type TrustEntry,
} from '@trellis/shared';

export type HealthLevel = 'healthy' | 'watch' | 'at-risk';

export interface HealthView {
  score: number;
  level: HealthLevel;
  label: string;
  reasons: string[];
}

export interface PartnerChip {
  id: Id;
  name: string;
  color: string;
}

export interface AllianceSummary {
  name: string;
  purpose: string;
  mode: AllianceSnapshot['meta']['mode'];
  partners: PartnerChip[];
  health: HealthView;
  nextReviewAt: Millis;
  reviewOverdue: boolean;
  openCommitments: number;
}

export interface AuditItem {
  essential: string;
  covered: boolean;
  /** Index of the charter block that covers it, for "show me". */
  blockIndex: number | null;
  hint: string;
}

export interface AlignmentGapView {
  kind: 'unresolved-conflict' | 'red-line-at-risk' | 'unlinked-red-line' | 'no-interests';
  title: string;
  advice: string;
  partnerIds: Id[];
}

const DAY = 86_400_000;

export function summarize(snapshot: AllianceSnapshot, now: Millis): AllianceSummary {
  const review = nextReview(snapshot, now);
  return {
    name: snapshot.meta.name,
    purpose: snapshot.meta.purpose,
    mode: snapshot.meta.mode,
    partners: snapshot.partners.filter((p) => p.status !== 'exited').map(chip),
    health: health(snapshot, now),
    nextReviewAt: review.at,
    reviewOverdue: review.overdue,
    openCommitments: snapshot.commitments.filter((c) => c.status === 'open').length,
  };
}

export function chip(partner: Partner): PartnerChip {
  return { id: partner.id, name: partner.name, color: partner.color };
}

export function nextReview(snapshot: AllianceSnapshot, now: Millis): { at: Millis; overdue: boolean } {
  const last = snapshot.reviews.at(-1)?.at ?? snapshot.meta.createdAt;
  const at = addMonths(last, snapshot.meta.reviewCadenceMonths);
  return { at, overdue: at < now };
}

export function health(snapshot: AllianceSnapshot, now: Millis): HealthView {
  const reasons: string[] = [];
  let score = 100;
  const balances = trustBalances(snapshot.trust);
  for (const partner of snapshot.partners) {
    const balance = balances.get(partner.id) ?? 0;
    if (balance < 0) {
      score -= 15;
      reasons.push(`${partner.name}'s trust account is overdrawn (${balance} points).`);
    }
  }
  const overdue = snapshot.commitments.filter((c) => c.status === 'open' && c.dueAt < now);
  if (overdue.length > 0) {
    score -= 10 * Math.min(overdue.length, 3);
    reasons.push(`${overdue.length} commitment${overdue.length === 1 ? ' is' : 's are'} overdue.`);
  }
  const conflicts = snapshot.alignment.filter((l) => l.relation === 'conflicts' && l.resolution.trim() === '');
  if (conflicts.length > 0) {
    score -= 10 * Math.min(conflicts.length, 3);
    reasons.push(`${conflicts.length} interest conflict${conflicts.length === 1 ? ' is' : 's are'} unresolved.`);
  }
  const review = nextReview(snapshot, now);
  if (review.overdue) {
    score -= 15;
    reasons.push('The realignment review is overdue.');
  }
  const missing = charterAudit(snapshot).filter((a) => !a.covered);
  if (missing.length > 0) {
    score -= 3 * missing.length;
    reasons.push(`The charter does not yet cover: ${missing.map((m) => m.essential.toLowerCase()).join(', ')}.`);
  }
  score = Math.max(0, Math.min(100, score));
  const level: HealthLevel = score >= 75 ? 'healthy' : score >= 50 ? 'watch' : 'at-risk';
  if (reasons.length === 0) reasons.push('Trust is positive, commitments are on time and the charter covers the essentials.');
  return { score, level, label: level === 'healthy' ? 'Healthy' : level === 'watch' ? 'Needs attention' : 'At risk', reasons };
}

const ESSENTIALS: { essential: string; words: RegExp; hint: string; light: boolean }[] = [
  { essential: 'Decision-making', words: /decision|decide/i, hint: 'How decisions are made, per kind of decision.', light: true },
  { essential: 'Escalation path', words: /escalat|steering/i, hint: 'Operational team first, then a joint steering committee.', light: false },
  { essential: 'Information flows', words: /information|communicat|report/i, hint: 'What is shared, how early, and where.', light: true },
  { essential: 'Conflict resolution', words: /conflict|dispute|mediat/i, hint: 'How a disagreement is raised and settled.', light: false },
  { essential: 'Minority protection', words: /minority|veto/i, hint: 'A veto for smaller partners on critical decisions.', light: false },
  { essential: 'Force majeure', words: /force majeure|beyond .* control/i, hint: 'What happens when events beyond anyone’s control strike.', light: false },
  { essential: 'Cultural agreements', words: /cultur|feedback|meeting rhythm/i, hint: 'How the partners work together day to day.', light: false },
  { essential: 'Exit', words: /exit|leave|notice period/i, hint: 'Notice period, shared assets, non-disparagement.', light: true },
];

export function charterAudit(snapshot: Pick<AllianceSnapshot, 'charter' | 'meta'>): AuditItem[] {
  const light = snapshot.meta.mode === 'light';
  return ESSENTIALS.filter((e) => !light || e.light).map((e) => {
    const heading = snapshot.charter.find((b) => b.type === 'heading' && e.words.test(b.text));
    const any = heading ?? snapshot.charter.find((b) => e.words.test(b.text));
    return { essential: e.essential, covered: any !== undefined, blockIndex: any?.index ?? null, hint: e.hint };
  });
}

export function trustBalances(entries: readonly TrustEntry[]): Map<Id, number> {
  const out = new Map<Id, number>();
  for (const e of entries) out.set(e.partnerId, (out.get(e.partnerId) ?? 0) + e.points);
  return out;
}

export function alignmentGaps(snapshot: AllianceSnapshot): AlignmentGapView[] {
  const gaps: AlignmentGapView[] = [];
  const byId = new Map(snapshot.interests.map((i) => [i.id, i]));
  const name = (id: Id) => snapshot.partners.find((p) => p.id === id)?.name ?? 'A partner';
  for (const link of snapshot.alignment) {
    if (link.relation !== 'conflicts' || link.resolution.trim() !== '') continue;
    const from = byId.get(link.fromInterestId);
    const to = byId.get(link.toInterestId);
    if (!from || !to) continue;
    const redLine = from.kind === 'red-line' || to.kind === 'red-line';
    gaps.push({
      kind: redLine ? 'red-line-at-risk' : 'unresolved-conflict',
      title: `${name(from.partnerId)}: “${from.text}” conflicts with ${name(to.partnerId)}: “${to.text}”`,
      advice: redLine
        ? 'A red line is at stake: settle it in the charter before going further, or name it as a reason to exit.'
        : 'Talk it through and record how you settle it; if it is structural, write the rule into the charter.',
      partnerIds: [from.partnerId, to.partnerId],
    });
  }
  const linked = new Set(snapshot.alignment.flatMap((l) => [l.fromInterestId, l.toInterestId]));
  for (const interest of snapshot.interests) {
    if (interest.kind === 'red-line' && !linked.has(interest.id)) {
      gaps.push({
        kind: 'unlinked-red-line',
        title: `${name(interest.partnerId)}'s red line is not yet linked: “${interest.text}”`,
        advice: 'Check it against the other partners’ interests and link what supports or threatens it.',
        partnerIds: [interest.partnerId],
      });
    }
  }
  for (const partner of snapshot.partners) {
    if (partner.status === 'active' && !snapshot.interests.some((i: Interest) => i.partnerId === partner.id)) {
      gaps.push({
        kind: 'no-interests',
        title: `${partner.name} has no interests on the map yet`,
        advice: 'Ask them for their stated goals, what they would not say aloud, and what they cannot afford to lose.',
        partnerIds: [partner.id],
      });
    }
  }
  return gaps;
}

export interface TrustSeries {
  at: Millis[];
  partners: { partnerId: Id; name: string; color: string; balances: number[] }[];
}

export function trustSeries(snapshot: AllianceSnapshot, now: Millis): TrustSeries {
  const first = Math.min(snapshot.meta.createdAt || now, ...snapshot.trust.map((e) => e.at));
  const from = Math.min(first, now - 30 * DAY);
  const span = Math.max(now - from, DAY);
  const bucket = Math.max(DAY, Math.ceil(span / 60));
  const at: Millis[] = [];
  for (let t = from; t < now; t += bucket) at.push(t);
  at.push(now);
  const sorted = [...snapshot.trust].sort((a, b) => a.at - b.at);
  const partners = snapshot.partners.map((p) => ({ partnerId: p.id, name: p.name, color: p.color, balances: [] as number[] }));
  const running = new Map<Id, number>();
  let next = 0;
  for (const instant of at) {
    while (next < sorted.length && sorted[next]!.at <= instant) {
      const e = sorted[next]!;
      running.set(e.partnerId, (running.get(e.partnerId) ?? 0) + e.points);
      next++;
    }
    for (const p of partners) p.balances.push(running.get(p.partnerId) ?? 0);
  }
  return { at, partners };
}

export function freeRiderIds(snapshot: AllianceSnapshot, now: Millis, weeks = 8): Id[] {
  const windowStart = now - weeks * 7 * DAY;
  return snapshot.partners
    .filter((p) => p.status === 'active' && p.joinedAt < windowStart)
    .filter((p) => !snapshot.trust.some((e) => e.partnerId === p.id && e.points > 0 && e.at >= windowStart))
    .map((p) => p.id);
}

function addMonths(at: Millis, months: number): Millis {
  const d = new Date(at);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.getTime();
}

export function formatDate(at: Millis | null): string {
  if (at === null || !Number.isFinite(at) || at <= 0) return '—';
  return new Date(at).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatRelative(at: Millis | null, now: Millis): string {
  if (at === null) return 'never';
  const diff = now - at;
  if (diff < 60_000) return 'just now';
  if (diff < 3_600_000) return `${Math.round(diff / 60_000)} min ago`;
  if (diff < DAY) return `${Math.round(diff / 3_600_000)} h ago`;
  if (diff < 30 * DAY) return `${Math.round(diff / DAY)} days ago`;
  return formatDate(at);
}
