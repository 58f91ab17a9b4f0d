import { HEALTH_LABELS, allianceHealth, reviewStatus, type AllianceSnapshot, type HealthLevel, type Millis } from '@trellis/shared';

export interface HealthView {
  score: number;
  level: HealthLevel;
  label: string;
  reasons: string[];
}

/** The health score with its label and reasons in plain words (HEALTH-1..7). */
export function health(snapshot: AllianceSnapshot, now: Millis): HealthView {
  const h = allianceHealth(snapshot, now);
  return { score: h.score, level: h.level, label: HEALTH_LABELS[h.level], reasons: h.reasons.map((r) => r.text) };
}

export function nextReview(snapshot: AllianceSnapshot, now: Millis): { at: Millis; overdue: boolean; daysUntil: number } | null {
  const status = reviewStatus(snapshot.meta, snapshot.reviews, now);
  return status.known ? { at: status.nextAt, overdue: status.overdue, daysUntil: status.daysUntil } : null;
}
