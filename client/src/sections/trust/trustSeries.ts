import { DAY_MS, trustTimeline, type AllianceSnapshot, type Id, type Millis } from '@trellis/shared';

export interface TrustSeries {
  at: Millis[];
  partners: { partnerId: Id; name: string; color: string; balances: number[] }[];
}

/** Balance per partner from the alliance's start (or the first entry) to now, in about 60 steps, for the chart. */
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
