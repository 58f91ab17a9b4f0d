/**
 * What the screens show about an alliance, derived from its snapshot. The method's rules live in
 * shared/ as pure functions; this module only shapes their answers for display.
 */
import { HEALTH_LABELS, type AllianceSnapshot, type Id, type Millis, type Partner } from '@trellis/shared';
import { liveDecisionCount } from '../sections/decisions/decisionsBoard.ts';
import {
  DAY_MS,
  allianceHealth,
  alignmentGaps as methodAlignmentGaps,
  charterAudit as methodCharterAudit,
  freeRiders,
  reviewStatus,
  trustBalances as methodTrustBalances,
  trustTimeline,
  type AlignmentGap,
  type AuditItem as MethodAuditItem,
  type HealthLevel,
} from '@trellis/shared';

export type { AlignmentGap, HealthLevel };

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
  /** Decisions still open at the operational team or the steering committee. */
  openDecisions: number;
}

export type AuditItem = MethodAuditItem;

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
    openDecisions: liveDecisionCount(snapshot),
  };
}

export function chip(partner: Partner): PartnerChip {
  return { id: partner.id, name: partner.name, color: partner.color };
}

export function nextReview(snapshot: AllianceSnapshot, now: Millis): { at: Millis; overdue: boolean; daysUntil: number } {
  const status = reviewStatus(snapshot.meta, snapshot.reviews, now);
  return { at: status.nextAt, overdue: status.overdue, daysUntil: status.daysUntil };
}

export function health(snapshot: AllianceSnapshot, now: Millis): HealthView {
  const h = allianceHealth(snapshot, now);
  return { score: h.score, level: h.level, label: HEALTH_LABELS[h.level], reasons: h.reasons.map((r) => r.text) };
}

/** The essentials this alliance's mode requires, covered or missing. */
export function charterAudit(snapshot: Pick<AllianceSnapshot, 'charter' | 'meta'>): AuditItem[] {
  return methodCharterAudit(snapshot.charter, snapshot.meta.mode).items.filter((i) => i.required);
}

export function trustBalances(entries: AllianceSnapshot['trust']): Map<Id, number> {
  return methodTrustBalances(entries);
}

export function alignmentGaps(snapshot: AllianceSnapshot): AlignmentGap[] {
  return methodAlignmentGaps(snapshot);
}

export function freeRiderIds(snapshot: AllianceSnapshot, now: Millis): Id[] {
  return freeRiders(snapshot, now).map((f) => f.partnerId);
}

export interface TrustSeries {
  at: Millis[];
  partners: { partnerId: Id; name: string; color: string; balances: number[] }[];
}

/** Balance per partner from the alliance's start (or the first entry) to now, in about 60 steps. */
export function trustSeries(snapshot: AllianceSnapshot, now: Millis): TrustSeries {
  const first = Math.min(snapshot.meta.createdAt || now, ...snapshot.trust.map((e) => e.at));
  const from = Math.min(first, now - 30 * DAY_MS);
  const bucket = Math.max(DAY_MS, Math.ceil((now - from) / 60));
  const timeline = trustTimeline(snapshot.trust, snapshot.partners, { from, to: now, bucket });
  return {
    at: timeline.at,
    partners: timeline.partners.map((series) => {
      const p = snapshot.partners.find((x) => x.id === series.partnerId)!;
      return { partnerId: p.id, name: p.name, color: p.color, balances: series.balances };
    }),
  };
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
  if (diff < DAY_MS) return `${Math.round(diff / 3_600_000)} h ago`;
  if (diff < 30 * DAY_MS) return `${Math.round(diff / DAY_MS)} days ago`;
  return formatDate(at);
}
