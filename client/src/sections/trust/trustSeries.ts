import { DAY_MS, trustTimeline, type AllianceSnapshot, type Id, type Millis } from '@trellis/shared';

export interface TrustSeries {
  at: Millis[];
  partners: { partnerId: Id; name: string; color: string; balances: number[] }[];
}

/** Balance per partner from the alliance's start (or the first entry) to now (or the latest entry), in about 60 steps, for the chart. */
export function trustSeries(snapshot: AllianceSnapshot, now: Millis): TrustSeries {
  const times = snapshot.trust.map((e) => e.at);
  // Runs to the latest entry when that is later than `now` (just recorded since the clock's last tick, or a partner's
  // clock ahead), so the last point is the balance the legend states; a day ahead at most, whatever a peer wrote.
  const to = Math.max(now, Math.min(Math.max(...times, now), now + DAY_MS));
  const first = Math.min(snapshot.meta.createdAt || to, ...times);
  const from = Math.min(first, to - 30 * DAY_MS);
  const bucket = Math.max(DAY_MS, Math.ceil((to - from) / 60));
  const timeline = trustTimeline(snapshot.trust, snapshot.partners, { from, to, bucket });
  return {
    at: timeline.at,
    partners: timeline.partners.map((series) => {
      const p = snapshot.partners.find((x) => x.id === series.partnerId)!;
      return { partnerId: p.id, name: p.name, color: p.color, balances: series.balances };
    }),
  };
}
