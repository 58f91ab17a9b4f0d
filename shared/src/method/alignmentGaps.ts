/**
 * Alignment gaps on the interest map: what the partners have not yet protected, settled or said.
 * Rules GAP-1 .. GAP-6 in shared/METHOD.md.
 */
import { LAYERS, type AllianceSnapshot, type Id, type Interest, type Layer, type Partner } from '../schema.ts';
import { compareKeys } from './order.ts';
import { LAYER_MEANINGS } from '../vocabulary.ts';

export const GAP_KINDS = ['unprotected-red-line', 'unresolved-conflict', 'no-implicit-interests', 'empty-layer'] as const;
export type GapKind = (typeof GAP_KINDS)[number];

export interface AlignmentGap {
  kind: GapKind;
  /**
   * What the gap is about: unprotected-red-line → [interestId, partnerId]; unresolved-conflict →
   * [linkId, fromInterestId, toInterestId]; no-implicit-interests → [partnerId]; empty-layer → [].
   */
  subjectIds: Id[];
  /** The layer, for empty-layer gaps; otherwise the layer of the interest concerned, or null. */
  layer: Layer | null;
  message: string;
  /** What to do about it, in one sentence. */
  advice: string;
}

const layerWords = (layer: Layer) => `${layer} layer (${LAYER_MEANINGS[layer]})`;

function quote(text: string): string {
  const t = text.trim();
  return t.length > 80 ? `“${t.slice(0, 77)}…”` : `“${t}”`;
}

/**
 * Every gap, in a fixed order: by kind (as in GAP_KINDS), then by partner name, text and id, so every
 * device lists them the same way (GAP-6).
 */
export function alignmentGaps(
  snapshot: Pick<AllianceSnapshot, 'partners' | 'interests' | 'alignment' | 'governance'>,
): AlignmentGap[] {
  // GAP-5: partners who have left no longer shape the map; interests of unknown partners are orphans.
  const present = new Map<Id, Partner>(snapshot.partners.filter((p) => p.status !== 'exited').map((p) => [p.id, p]));
  const interests = snapshot.interests.filter((i) => present.has(i.partnerId));
  const byId = new Map<Id, Interest>(interests.map((i) => [i.id, i]));
  // Stryker disable next-line OptionalChaining: only interests of present partners are read, so the partner is always found
  const partnerName = (id: Id) => present.get(id)?.name || id;

  const gaps: { gap: AlignmentGap; key: (string | number)[] }[] = [];

  // GAP-1: red lines nothing protects.
  const supported = new Set<Id>();
  for (const l of snapshot.alignment) {
    if (l.relation !== 'supports' || !byId.has(l.fromInterestId) || !byId.has(l.toInterestId)) continue;
    supported.add(l.fromInterestId);
    supported.add(l.toInterestId);
  }
  const vetoOnCritical = snapshot.governance.vetoCategories.includes('critical');
  for (const i of interests) {
    if (i.kind !== 'red-line' || supported.has(i.id)) continue;
    // Stryker disable next-line OptionalChaining: only interests of present partners are read, so the partner is always found
    if (present.get(i.partnerId)?.minorityProtected && vetoOnCritical) continue;
    const who = partnerName(i.partnerId);
    gaps.push({
      key: [0, who, i.text, i.id],
      gap: {
        kind: 'unprotected-red-line',
        subjectIds: [i.id, i.partnerId],
        layer: i.layer,
        message: `${who}'s red line ${quote(i.text)} is not protected by anything in the alliance.`,
        advice: `Link it to an interest that supports it, or give ${who} minority protection with a veto on critical decisions.`,
      },
    });
  }

  // GAP-2: conflicts nobody has settled.
  for (const l of snapshot.alignment) {
    if (l.relation !== 'conflicts' || l.resolution.trim() !== '') continue;
    const from = byId.get(l.fromInterestId);
    const to = byId.get(l.toInterestId);
    if (!from || !to) continue;
    gaps.push({
      key: [1, partnerName(from.partnerId), from.text, l.id],
      gap: {
        kind: 'unresolved-conflict',
        subjectIds: [l.id, from.id, to.id],
        layer: from.layer,
        message: `${partnerName(from.partnerId)}'s ${quote(from.text)} conflicts with ${partnerName(to.partnerId)}'s ${quote(
          to.text,
        )}, and it is not resolved.`,
        advice: 'Talk it through and write down how you settle it, or how the charter’s conflict resolution will.',
      },
    });
  }

  // GAP-3: active partners whose unspoken interests nobody has written down.
  const withImplicit = new Set(interests.filter((i) => i.kind === 'implicit').map((i) => i.partnerId));
  for (const p of present.values()) {
    if (p.status !== 'active' || withImplicit.has(p.id)) continue;
    const who = p.name || p.id;
    gaps.push({
      key: [2, who, p.id],
      gap: {
        kind: 'no-implicit-interests',
        subjectIds: [p.id],
        layer: null,
        message: `No implicit interests are recorded for ${who}.`,
        advice: `Ask ${who} what it needs but has not said: autonomy, brand, risks it wants to avoid.`,
      },
    });
  }

  // GAP-4: a layer of the map with nothing on it.
  LAYERS.forEach((layer, order) => {
    if (interests.some((i) => i.layer === layer)) return;
    gaps.push({
      key: [3, order],
      gap: {
        kind: 'empty-layer',
        subjectIds: [],
        layer,
        message: `The ${layerWords(layer)} has no interests yet.`,
        advice: `Have each partner add at least one interest on the ${layer} layer.`,
      },
    });
  });

  return gaps.sort((a, b) => compareKeys(a.key, b.key)).map((g) => g.gap);
}
