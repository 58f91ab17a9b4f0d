/** One alliance as the portfolio lists it, from its local copy. The method's rules live in shared/. */
import { ROLE_LABELS, type AllianceSnapshot, type Id, type Millis, type Partner, type Role } from '@trellis/shared';
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
  /** When the alliance was made; null when its document does not say (a missing date is unknown, not 1970). */
  startedAt: Millis | null;
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
    startedAt: snapshot.meta.createdAt > 0 ? snapshot.meta.createdAt : null,
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

/**
 * Who you are in an alliance, as its card says it: your link's role and the partner you act for. With the start
 * date, it tells apart two alliances of the same name.
 */
export function yourPlace(link: { role: Role; partnerId: Id | null; refusedCode?: number | null }, partners: readonly Pick<Partner, 'id' | 'name'>[]): string {
  const partner = partners.find((p) => p.id === link.partnerId);
  // A refused link (revoked, unknown) edits nothing any more, whatever role it had.
  const role = link.refusedCode != null ? 'Read-only' : ROLE_LABELS[link.role];
  return partner ? `${role}, for ${partner.name}` : role;
}
