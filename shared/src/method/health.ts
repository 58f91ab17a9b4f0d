/**
 * Alliance health: one score from the trust trend, check-ins, commitments, the charter audit and the
 * review schedule, with every point explained. Rules HEALTH-1 .. HEALTH-7 in shared/METHOD.md.
 */
import { CHECKIN_DIMENSIONS, type AllianceSnapshot, type Millis } from '../schema.ts';
import { DAY_MS } from './calendar.ts';
import { charterAudit } from './charterAudit.ts';
import { checkinGaps, latestCheckins } from './checkins.ts';
import { overdueCommitments } from './commitments.ts';
import { reviewStatus } from './realignment.ts';
import { trustTrend } from './trust.ts';

export const HEALTH_FACTORS = ['trust-trend', 'check-ins', 'commitments', 'charter-audit', 'review'] as const;
export type HealthFactor = (typeof HEALTH_FACTORS)[number];
export type HealthLevel = 'healthy' | 'watch' | 'at-risk' | 'not-enough-data';

export interface HealthReason {
  factor: HealthFactor;
  /** Signed points this factor adds to the base score. */
  effect: number;
  text: string;
}

export interface AllianceHealth {
  score: number;
  level: HealthLevel;
  /** One reason per factor, in HEALTH_FACTORS order. */
  reasons: HealthReason[];
}

/** Where every alliance starts: a new alliance with nothing to judge sits just below healthy (HEALTH-1). */
export const HEALTH_BASE = 60;
export const HEALTHY_FROM = 70;
export const AT_RISK_BELOW = 40;
/** How far back "recent" reaches for trust and check-ins. */
export const HEALTH_WINDOW_DAYS = 90;

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** HEALTH-2: net trust over the last 90 days, ±15 at most. */
function trustReason(snapshot: AllianceSnapshot, now: Millis): HealthReason {
  if (snapshot.trust.length === 0) {
    return {
      factor: 'trust-trend',
      effect: 0,
      text: 'No trust entries yet. Record small deposits: sharing information early, delivering a minor commitment, acknowledging a contribution.',
    };
  }
  const t = trustTrend(snapshot.trust, now, HEALTH_WINDOW_DAYS);
  const effect = clamp(Math.round(t.current), -15, 15);
  const before = ` (the 90 days before: ${t.previous > 0 ? '+' : ''}${t.previous})`;
  if (t.current > 0) {
    return { factor: 'trust-trend', effect, text: `Trust grew by ${t.current} points in the last 90 days${before}.` };
  }
  if (t.current < 0) {
    return {
      factor: 'trust-trend',
      effect,
      text: `Trust fell by ${-t.current} points in the last 90 days${before}. Talk about the withdrawals and how to repair them.`,
    };
  }
  return {
    factor: 'trust-trend',
    effect,
    text: 'No change in trust in the last 90 days. Small deposits keep the account alive.',
  };
}

/** HEALTH-3: the latest recent check-in of each partner still in the alliance, ±20, less 2 per wide gap. */
function checkinReason(snapshot: AllianceSnapshot, now: Millis): HealthReason {
  const present = new Set(snapshot.partners.filter((p) => p.status !== 'exited').map((p) => p.id));
  const all = snapshot.checkins.filter((c) => present.has(c.partnerId) && c.at <= now);
  if (all.length === 0) {
    return {
      factor: 'check-ins',
      effect: 0,
      text: 'No check-ins yet. Have each partner rate openness, reliability, fairness and momentum from 1 to 5.',
    };
  }
  const recent = latestCheckins(all.filter((c) => c.at > now - HEALTH_WINDOW_DAYS * DAY_MS));
  if (recent.length === 0) {
    return { factor: 'check-ins', effect: -5, text: 'No check-in in the last 90 days. Time for a new round.' };
  }
  const scores = recent.flatMap((c) => CHECKIN_DIMENSIONS.map((d) => c.scores[d])).filter(Number.isFinite);
  const avg = scores.length > 0 ? scores.reduce((a, b) => a + b, 0) / scores.length : 3;
  const wide = checkinGaps(recent).filter((g) => g.flagged);
  const effect = clamp(Math.round((avg - 3) * 10), -20, 20) - 2 * wide.length;
  let text = `The latest check-ins average ${avg.toFixed(1)} of 5.`;
  if (wide.length > 0) {
    text += ` Partners see ${wide.map((g) => g.dimension).join(', ')} very differently: talk about why.`;
  }
  return { factor: 'check-ins', effect, text };
}

/** HEALTH-4: delivered against missed (±10), less 3 per overdue open commitment (at most 15). */
function commitmentReason(snapshot: AllianceSnapshot, now: Millis): HealthReason {
  if (snapshot.commitments.length === 0) {
    return {
      factor: 'commitments',
      effect: 0,
      text: 'No commitments yet. Agree a first small one each, and deliver it.',
    };
  }
  const delivered = snapshot.commitments.filter((c) => c.status === 'delivered').length;
  const missed = snapshot.commitments.filter((c) => c.status === 'missed').length;
  const overdue = overdueCommitments(snapshot, now).length;
  const resolved = delivered + missed;
  const effect = (resolved > 0 ? Math.round((delivered / resolved) * 20 - 10) : 0) - Math.min(15, 3 * overdue);
  const parts: string[] = [];
  parts.push(
    resolved > 0
      ? `${delivered} of ${plural(resolved, 'resolved commitment')} ${resolved === 1 ? 'was' : 'were'} delivered.`
      : 'No commitment has come due and been resolved yet.',
  );
  if (overdue > 0) parts.push(`${plural(overdue, 'open commitment is', 'open commitments are')} overdue: deliver, or say so early.`);
  return { factor: 'commitments', effect, text: parts.join(' ') };
}

/** HEALTH-5: charter coverage of the essentials its mode requires, from −5 (none) to +10 (all). */
function charterReason(snapshot: AllianceSnapshot): HealthReason {
  const audit = charterAudit(snapshot.charter, snapshot.meta.mode);
  const effect = Math.round(audit.coverage * 15 - 5);
  const required = audit.items.filter((i) => i.required);
  if (audit.missing.length === 0) {
    return { factor: 'charter-audit', effect, text: `The charter covers all ${required.length} essentials.` };
  }
  const missing = required.filter((i) => !i.covered).map((i) => i.label.toLowerCase());
  return {
    factor: 'charter-audit',
    effect,
    text: `The charter covers ${required.length - missing.length} of ${required.length} essentials. Still to write: ${missing.join('; ')}.`,
  };
}

/** HEALTH-6: an overdue realignment review costs 10; a review held and not yet due again adds 5, unless it found a poor fit (−5). */
function reviewReason(snapshot: AllianceSnapshot, now: Millis): HealthReason {
  const s = reviewStatus(snapshot.meta, snapshot.reviews, now);
  const cadence = `every ${snapshot.meta.reviewCadenceMonths} months`;
  if (!s.known) {
    return { factor: 'review', effect: 0, text: `The alliance has no start date, so the first realignment review (${cadence}) has no date yet: hold one to start the schedule.` };
  }
  if (s.overdue) {
    return {
      factor: 'review',
      effect: -10,
      text: `The realignment review (${cadence}) is overdue${s.daysUntil < 0 ? ` by ${plural(-s.daysUntil, 'day')}` : ''}. Hold it to reassess strategic fit.`,
    };
  }
  if (snapshot.reviews.length > 0) {
    const poor = poorFits(snapshot);
    if (poor.length > 0) {
      const who = poor.map((f) => `${f.partner} ${f.fit} of 5`).join(', ');
      return {
        factor: 'review',
        effect: -5,
        text: `The last realignment review found a poor strategic fit (${who}). Agree what would bring it back before the next one, due in ${plural(s.daysUntil, 'day')}.`,
      };
    }
    return { factor: 'review', effect: 5, text: `Realignment reviews are on schedule; the next is due in ${plural(s.daysUntil, 'day')}.` };
  }
  return {
    factor: 'review',
    effect: 0,
    text: `The first realignment review (${cadence}) is due in ${plural(s.daysUntil, 'day')}.`,
  };
}

/** A fit of this or lower, at the latest realignment review, is poor (HEALTH-6, WARN-3). */
export const POOR_FIT = 2;

/** The partners still in the alliance whose strategic fit the latest realignment review put at POOR_FIT or lower. */
export function poorFits(snapshot: Pick<AllianceSnapshot, 'reviews' | 'partners'>): Array<{ partnerId: string; partner: string; fit: number }> {
  const latest = snapshot.reviews.reduce<AllianceSnapshot['reviews'][number] | null>((last, r) => (last === null || r.at > last.at ? r : last), null);
  if (latest === null) return [];
  return snapshot.partners
    .filter((p) => p.status !== 'exited')
    .flatMap((p) => {
      const fit = latest.fit[p.id];
      return fit !== undefined && fit <= POOR_FIT ? [{ partnerId: p.id, partner: p.name, fit }] : [];
    });
}

/**
 * The alliance's health at `now` (HEALTH-1 .. HEALTH-8). With no trust entry, check-in or commitment
 * yet there is not enough to judge: the level says so, and the reasons say what to do first (HEALTH-8).
 */
export function allianceHealth(snapshot: AllianceSnapshot, now: Millis): AllianceHealth {
  const reasons = [
    trustReason(snapshot, now),
    checkinReason(snapshot, now),
    commitmentReason(snapshot, now),
    charterReason(snapshot),
    reviewReason(snapshot, now),
  ].map((r) => ({ ...r, effect: r.effect === 0 ? 0 : r.effect })); // no −0 from rounding
  const score = clamp(Math.round(HEALTH_BASE + reasons.reduce((s, r) => s + r.effect, 0)), 0, 100);
  // A charter alone (the template covers every essential) says nothing about how partners work together.
  if (snapshot.trust.length === 0 && snapshot.checkins.length === 0 && snapshot.commitments.length === 0) {
    return { score, level: 'not-enough-data', reasons };
  }
  const level: HealthLevel = score >= HEALTHY_FROM ? 'healthy' : score < AT_RISK_BELOW ? 'at-risk' : 'watch';
  return { score, level, reasons };
}
