/** One alliance as the portfolio lists it, from its local copy. The method's rules live in shared/. */
import type { AllianceSnapshot, Id, Millis, Partner } from '@trellis/shared';
import { liveDecisionCount } from '../sections/decisions/decisionsBoard.ts';
import { health, nextReview, type HealthView } from '../sections/overview/healthView.ts';

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
  /** Null when no review is held and the start date is unknown (REVIEW-4). */
  nextReviewAt: Millis | null;
  reviewOverdue: boolean;
  openCommitments: number;
  /** Decisions still open at the operational team or the steering committee. */
  openDecisions: number;
}

export function summarize(snapshot: AllianceSnapshot, now: Millis): AllianceSummary {
  const review = nextReview(snapshot, now);
  return {
    name: snapshot.meta.name,
    purpose: snapshot.meta.purpose,
    mode: snapshot.meta.mode,
    partners: snapshot.partners.filter((p) => p.status !== 'exited').map(chip),
    health: health(snapshot, now),
    nextReviewAt: review?.at ?? null,
    reviewOverdue: review?.overdue ?? false,
    openCommitments: snapshot.commitments.filter((c) => c.status === 'open').length,
    openDecisions: liveDecisionCount(snapshot),
  };
}

function chip(partner: Partner): PartnerChip {
  return { id: partner.id, name: partner.name, color: partner.color };
}
