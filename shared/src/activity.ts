/**
 * Who changed what, in the method's words (ACT-1 .. ACT-4 in sync-server/PROTOCOL.md). The relay stores one entry per
 * accepted update: the link, its partner, the time and the places the update touched; the app describes entries
 * against the document it holds ("LogiCorp voted yes on Open the Lyon depot").
 */
import { placeKey, type Place } from './authority/places.ts';
import type { AllianceSnapshot, Id, Millis } from './schema.ts';
import { CHOICE_LABELS, OUTCOME_LABELS, type Section } from './vocabulary.ts';

/** Places kept per entry; an update touching more keeps the first ones and counts the rest (ACT-1). */
export const MAX_ACTIVITY_PLACES = 20;

export interface ActivityEntry {
  /** The relay's order of accepted updates in this alliance: strictly increasing. */
  seq: number;
  at: Millis;
  linkId: string;
  /** The person's label on the link ("Ana"), or empty. */
  linkLabel: string;
  /** The partner the link acts for; null for a facilitator (AUTH-2). */
  partnerId: Id | null;
  /** Distinct places the update touched, at most MAX_ACTIVITY_PLACES. */
  places: Place[];
  /** How many distinct places it touched in all (≥ places.length). */
  placeCount: number;
}

/** The distinct places of an update, in first-touched order, bounded (ACT-1). */
export function activityPlaces(touched: Iterable<Place>): { places: Place[]; placeCount: number } {
  const seen = new Map<string, Place>();
  for (const place of touched) {
    const key = placeKey(place);
    if (!seen.has(key)) seen.set(key, place);
  }
  const all = [...seen.values()];
  return { places: all.slice(0, MAX_ACTIVITY_PLACES), placeCount: all.length };
}

/** The sections an entry's places belong to, each once, in the order of its places (what a section filter reads, ACT-3). */
export function sectionsOf(places: readonly Place[]): Section[] {
  return [...new Set(places.map(sectionOf))];
}

/** The section of the workspace a place belongs to (ACT-3). */
export function sectionOf(place: Place): Section {
  switch (place.kind) {
    case 'charter':
    case 'charterThread':
    case 'charterComment':
    case 'charterVersion':
    case 'charterRatification':
      return 'charter';
    case 'meta':
      return 'overview';
    case 'partner':
      return place.field === 'status' || place.field === 'exitNoticeAt' || place.field === 'exitEffectiveAt'
        ? 'exit'
        : place.field === 'votingWeight' || place.field === 'minorityProtected'
          ? 'governance'
          : 'sharing';
    case 'interest':
    case 'alignment':
      return 'interests';
    case 'commitment':
      return 'commitments';
    case 'decision':
    case 'vote':
    case 'comment':
      return 'decisions';
    case 'trust':
      return 'trust';
    case 'checkin':
      return 'checkins';
    case 'review':
      return 'realignment';
    case 'governance':
      return 'governance';
    case 'exitPlan':
    case 'asset':
      return 'exit';
    case 'unknown':
      return 'overview';
  }
}

export type ActivityView = Pick<AllianceSnapshot, 'partners' | 'interests' | 'commitments' | 'decisions'> &
  Partial<Pick<AllianceSnapshot, 'charterThreads' | 'charterComments'>>;

const short = (text: string) => (text.length <= 60 ? text : `${text.slice(0, 59)}…`);

/** One clause per place, in the method's words, read against the document as the reader holds it now. */
function clause(place: Place, view: ActivityView): string {
  const partnerName = (id: Id | null) => view.partners.find((p) => p.id === id)?.name ?? 'a former partner';
  const decision = (id: Id) => view.decisions.find((d) => d.id === id);
  const titled = (id: Id) => {
    const d = decision(id);
    return d ? d.title : 'a removed decision';
  };
  switch (place.kind) {
    case 'charter':
      return 'edited the charter';
    case 'charterThread': {
      // Opening a thread writes its first comment too, which says it; its own fields say resolved or reopened.
      const thread = view.charterThreads?.find((t) => t.id === place.threadId);
      if (place.field === null || !place.field.startsWith('resolved')) return 'commented on the charter';
      const on = thread ? ` on "${short(thread.quote)}"` : '';
      return thread?.resolved === false ? `reopened a comment thread${on}` : `resolved a comment thread${on}`;
    }
    case 'charterComment': {
      const held = view.charterComments?.some((c) => c.id === place.commentId);
      // A comment gone now: this entry may be the one that wrote it or the one that deleted it; the record cannot tell.
      if (place.field === null) return held === false ? 'added or deleted a comment on the charter (now deleted)' : 'commented on the charter';
      return 'edited a comment on the charter';
    }
    case 'charterVersion':
      return 'kept a version of the charter';
    case 'charterRatification':
      return `recorded the charter's ratification by "${titled(place.decisionId)}"`;
    case 'meta':
      return "changed the alliance's settings";
    case 'partner':
      if (place.field === null) return `added or removed the partner ${partnerName(place.partnerId)}`;
      if (place.field === 'votingWeight') return `changed ${partnerName(place.partnerId)}'s voting weight`;
      if (place.field === 'minorityProtected') return `changed ${partnerName(place.partnerId)}'s minority protection`;
      if (place.field === 'status' || place.field.startsWith('exit')) return `recorded ${partnerName(place.partnerId)}'s exit`;
      return `changed the partner ${partnerName(place.partnerId)}`;
    case 'interest': {
      const interest = view.interests.find((i) => i.id === place.interestId);
      // The whole record written is an addition while it is still there; once gone, the entry may be either.
      if (!interest) return place.field === null ? 'added or removed an interest (no longer on the map)' : 'edited an interest (no longer on the map)';
      return `${place.field === null ? 'added' : 'edited'} ${partnerName(interest.partnerId)}'s interest "${interest.text}"`;
    }
    case 'alignment':
      return 'linked interests';
    case 'commitment': {
      const c = view.commitments.find((x) => x.id === place.commitmentId);
      if (!c) return place.field === null ? 'added or removed a commitment (no longer listed)' : 'edited a commitment (no longer listed)';
      if (place.field === 'status' && c.status !== 'open') return `marked ${partnerName(c.partnerId)}'s commitment ${c.status}: ${c.text}`;
      return `${place.field === null ? 'added' : 'edited'} ${partnerName(c.partnerId)}'s commitment: ${c.text}`;
    }
    case 'vote': {
      const vote = place.partnerId === null ? undefined : decision(place.decisionId)?.votes[place.partnerId];
      return vote ? `voted ${CHOICE_LABELS[vote.choice].toLowerCase()} on ${titled(place.decisionId)}` : `voted on ${titled(place.decisionId)}`;
    }
    case 'comment':
      return `commented on ${titled(place.decisionId)}`;
    case 'decision': {
      const d = decision(place.decisionId);
      const title = titled(place.decisionId);
      if (place.field === null) return `proposed ${title}`;
      if (place.field === 'appliedAt') return `applied ${title}`;
      if (place.field === 'outcome' || (place.field === 'status' && d?.status === 'decided')) {
        return d?.outcome ? `closed ${title}: ${OUTCOME_LABELS[d.outcome]}` : `closed ${title}`;
      }
      if (place.field === 'status' && d?.status === 'withdrawn') return `withdrew ${title}`;
      if (['level', 'escalatedAt', 'escalationReason'].includes(place.field) || (place.field === 'status' && d?.status === 'escalated')) {
        return `escalated ${title} to the steering committee`;
      }
      return `edited ${title}`;
    }
    case 'trust': {
      const marked = place.commitmentId === undefined ? undefined : view.commitments.find((c) => c.id === place.commitmentId);
      return marked ? `marked ${partnerName(marked.partnerId)}'s commitment: ${marked.text}` : 'recorded trust';
    }
    case 'checkin':
      return 'checked in';
    case 'review':
      return 'recorded a realignment review';
    case 'governance':
      return 'changed the decision rules';
    case 'exitPlan':
    case 'asset':
      return 'edited the exit plan';
    case 'unknown':
      return 'changed something this version does not know';
  }
}

/** Who acted: the partner, with the person's label when there is one ("TechCo (Ana)"). */
export function activityActor(entry: Pick<ActivityEntry, 'partnerId' | 'linkLabel'>, view: Pick<ActivityView, 'partners'>): string {
  const partner = entry.partnerId === null ? null : view.partners.find((p) => p.id === entry.partnerId);
  const label = entry.linkLabel.trim();
  if (partner) return label ? `${partner.name} (${label})` : partner.name;
  return label ? `${label} (facilitator)` : 'A facilitator';
}

/** The record a place belongs to, when it is one ("decision/d1"); its votes and comments belong to the decision. */
function recordOf(place: Place): string | null {
  switch (place.kind) {
    case 'decision':
      return `decision/${place.decisionId}`;
    case 'vote':
    case 'comment':
      return `decision/${place.decisionId}`;
    case 'interest':
      return `interest/${place.interestId}`;
    case 'commitment':
      return `commitment/${place.commitmentId}`;
    case 'partner':
      return `partner/${place.partnerId}`;
    case 'alignment':
      return `alignment/${place.linkId}`;
    case 'charterThread':
      return `charterThread/${place.threadId}`;
    case 'charterComment':
      return `charterComment/${place.commentId}`;
    default:
      return null;
  }
}

/**
 * A record created whole is one change: its fields, votes map and comments list written with it are not told apart
 * (a new decision's `level` is not an escalation). A vote cast by a partner in the same update still reads as a vote.
 */
function withoutPartsOfNewRecords(places: readonly Place[]): Place[] {
  const created = new Set(places.filter((p) => 'field' in p && p.field === null).map(recordOf));
  // A partner resolving its own commitment writes its status and the trust entry: the status says it.
  const resolved = new Set(places.filter((p) => p.kind === 'commitment' && p.field === 'status').map((p) => (p as { commitmentId: Id }).commitmentId));
  return places.filter((p) => {
    if (p.kind === 'trust' && p.commitmentId !== undefined && resolved.has(p.commitmentId)) return false;
    const record = recordOf(p);
    if (record === null || !created.has(record)) return true;
    if ('field' in p) return p.field === null;
    if (p.kind === 'vote') return p.partnerId !== null;
    return p.kind === 'comment' && p.part === 'entry';
  });
}

/** The entry as one sentence ("LogiCorp voted yes on Open the Lyon depot"); at most three clauses, then a count (ACT-2). */
export function describeActivity(entry: ActivityEntry, view: ActivityView): string {
  const clauses = [...new Set(withoutPartsOfNewRecords(entry.places).map((p) => clause(p, view)))];
  const shown = clauses.slice(0, 3);
  const more = Math.max(0, entry.placeCount - entry.places.length) + (clauses.length - shown.length);
  const list = shown.length <= 1 ? (shown[0] ?? 'changed nothing visible') : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}`;
  return `${activityActor(entry, view)} ${list}${more > 0 ? ` (and ${more} more change${more === 1 ? '' : 's'})` : ''}`;
}

/** Newest first: by time, then by the relay's sequence (ACT-4). */
export function newestFirst(entries: readonly ActivityEntry[]): ActivityEntry[] {
  return [...entries].sort((a, b) => b.at - a.at || b.seq - a.seq);
}

export interface ActivityFilter {
  /** A partner's id, or null for facilitators; undefined for everyone. */
  partnerId?: Id | null;
  section?: Section;
}

/** Entries of one partner (or the facilitators) and touching one section (ACT-3). */
export function filterActivity(entries: readonly ActivityEntry[], filter: ActivityFilter): ActivityEntry[] {
  return entries.filter(
    (e) => (filter.partnerId === undefined || e.partnerId === filter.partnerId) && (filter.section === undefined || e.places.some((p) => sectionOf(p) === filter.section)),
  );
}
