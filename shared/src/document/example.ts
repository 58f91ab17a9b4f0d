import type * as Y from 'yjs';
import { secureRandomBytes, type RandomBytes } from '../ids.ts';
import { AllianceDocument } from './alliance.ts';
import { appendCharterBlocks, templateHeading as h, templateParagraph as p, type TemplateBlock } from './charter.ts';
import { DAY_MS } from '../method/calendar.ts';

/**
 * The example's charter as its partners wrote it: the full template's headings, each clause in their own terms and
 * saying what the governance settings and the exit plan say (AUDIT-9, AUDIT-10), so that it shows a finished charter.
 */
export const EXAMPLE_CHARTER: readonly TemplateBlock[] = [
  { type: 'heading', level: 1, text: 'Governance charter' },
  p('TechCo, LogiCorp and GreenAlliance agree this charter for the Green Last Mile platform. It is a living text: the partners revisit it at every realignment review, every six months.'),
  h('Purpose'),
  p('Together we run low-emission last-mile delivery in the city: TechCo’s routing software plans the rounds, LogiCorp’s fleet and depots carry them, and GreenAlliance certifies the CO₂ saved and brings its members as customers. None of us could offer this alone.'),
  h('Decision-making'),
  p('Strategic decisions (new cities, new partners, pricing) are made by consensus of all partners. Execution decisions (rounds, depots, release dates) are taken by LogiCorp as lead partner. Critical decisions (data, the brand, exit terms) need a weighted majority of the voting rights: TechCo 40, LogiCorp 40, GreenAlliance 20.'),
  h('Escalation path'),
  p('A disagreement goes first to the operational team, which has 14 days to settle it. If it is blocked, deadlocked or still open after that, it escalates to the joint steering committee, where each partner votes with its voting rights; the committee has 30 days.'),
  h('Information flows'),
  p('Partners share early any information that affects the platform: TechCo its release plans, LogiCorp its fleet and depot changes, GreenAlliance its certification audits. Each partner reports monthly, and every decision is kept in this shared record.'),
  h('Conflict resolution'),
  p('A partner raises a conflict openly within two weeks, first between the people involved, then through the escalation path. Mediation by a third party the partners agree on comes before any legal step.'),
  h('Minority protection'),
  p('GreenAlliance, the smallest partner, holds a veto on critical decisions, so that its label is never used in a way it cannot accept.'),
  h('Force majeure'),
  p('Loss of the city operating permit or a fleet-wide recall suspends the delivery targets. No partner is in breach for it, and the partners meet within ten days to agree how to continue.'),
  h('Cultural agreements'),
  p('We work in English, meet every Monday for half an hour on the week’s rounds, and give feedback directly to the person concerned, within the week.'),
  h('Exit'),
  p('A partner may leave after a notice period of 90 days. Shared assets are divided as the exit plan sets out: the routing algorithms stay with TechCo, the emissions data set is copied to every partner, and the Green Last Mile brand is retired. Partners agree to non-disparagement during and after the alliance.'),
  h('Data ownership'),
  p('Routing data stays with TechCo; emissions data is held in a shared data trust that GreenAlliance may audit. Decided by the steering committee vote on data ownership.'),
];

/** How long ago, from `now`, the example alliance was founded: its six-month review lies behind it. */
export const EXAMPLE_AGE_DAYS = 200;


/**
 * The method's worked example: TechCo (software), LogiCorp (logistics) and GreenAlliance (a sustainability
 * network) build a green last-mile delivery platform. It writes the whole history in order, on a clock that
 * starts EXAMPLE_AGE_DAYS before `now`, so trust trends, reviews and deadlines read as they would in life.
 */
export function exampleAlliance(doc: Y.Doc, options: { now?: number; random?: RandomBytes } = {}): AllianceDocument {
  const now = options.now ?? Date.now();
  let clock = now - EXAMPLE_AGE_DAYS * DAY_MS;
  const at = (day: number) => {
    clock = now - EXAMPLE_AGE_DAYS * DAY_MS + day * DAY_MS;
  };
  const alliance = AllianceDocument.create(
    doc,
    {
      name: 'Green Last Mile',
      purpose:
        'A low-emission last-mile delivery platform: TechCo’s routing software, LogiCorp’s fleet and depots, GreenAlliance’s certification and member network.',
      mode: 'full',
      kind: 'open-ended',
      reviewCadenceMonths: 6,
      partners: [
        { name: 'TechCo', votingWeight: 40 },
        { name: 'LogiCorp', votingWeight: 40 },
        { name: 'GreenAlliance', votingWeight: 20, minorityProtected: true },
      ],
    },
    { now: () => clock, random: options.random ?? secureRandomBytes },
  );
  const [techCo, logiCorp, green] = alliance.snapshot().partners.map((p) => p.id) as [string, string, string];

  doc.transact(() => {
    alliance.updateGovernance({
      rules: { strategic: 'consensus', execution: 'lead-partner', critical: 'weighted-majority' },
      leadPartnerId: logiCorp,
      quorum: 0.67,
      operationalTimeLimitDays: 14,
      steeringTimeLimitDays: 30,
      vetoCategories: ['critical'],
    });

    // Interest map: what each partner wants, what it does not say, and what it cannot afford to lose.
    const techScale = alliance.addInterest({ partnerId: techCo, kind: 'explicit', layer: 'strategic', text: 'Prove the routing platform at city scale before selling it abroad', priority: 3 });
    const techData = alliance.addInterest({ partnerId: techCo, kind: 'implicit', layer: 'strategic', text: 'Keep control of the routing data and the customer relationship', priority: 3 });
    const techIp = alliance.addInterest({ partnerId: techCo, kind: 'red-line', layer: 'strategic', text: 'Keep ownership of its routing algorithms (core IP)', priority: 3 });
    alliance.addInterest({ partnerId: techCo, kind: 'explicit', layer: 'operational', text: 'Weekly release cadence with live fleet feedback', priority: 2 });

    const logiCapacity = alliance.addInterest({ partnerId: logiCorp, kind: 'explicit', layer: 'operational', text: 'Fill empty van capacity on urban routes', priority: 3 });
    alliance.addInterest({ partnerId: logiCorp, kind: 'implicit', layer: 'relational', text: 'Be treated as a partner, not as a subcontractor', priority: 2 });
    const logiExclusive = alliance.addInterest({ partnerId: logiCorp, kind: 'red-line', layer: 'operational', text: 'No exclusivity that locks it out of its other clients', priority: 3 });

    const greenCo2 = alliance.addInterest({ partnerId: green, kind: 'explicit', layer: 'strategic', text: 'Measurable CO₂ reduction per delivery, published yearly', priority: 3 });
    const greenData = alliance.addInterest({ partnerId: green, kind: 'explicit', layer: 'relational', text: 'Open access to emissions data for independent audit', priority: 2 });
    alliance.addInterest({ partnerId: green, kind: 'implicit', layer: 'relational', text: 'Keep its independence and credibility with its members', priority: 3 });
    const greenLabel = alliance.addInterest({ partnerId: green, kind: 'red-line', layer: 'strategic', text: 'Its label is never used for greenwashing', priority: 3 });

    alliance.linkInterests({ fromInterestId: techScale.id, toInterestId: logiCapacity.id, relation: 'supports', note: 'City-scale routing fills LogiCorp’s vans' });
    alliance.linkInterests({ fromInterestId: greenCo2.id, toInterestId: greenLabel.id, relation: 'supports', note: 'Published, audited figures protect the label' });
    alliance.linkInterests({ fromInterestId: techScale.id, toInterestId: logiExclusive.id, relation: 'supports', note: 'The platform stays open to LogiCorp’s other clients' });
    alliance.linkInterests({ fromInterestId: techIp.id, toInterestId: techData.id, relation: 'supports', note: '' });
    const dataConflict = alliance.linkInterests({ fromInterestId: techData.id, toInterestId: greenData.id, relation: 'conflicts', note: 'Who owns the emissions and routing data?' });

    appendCharterBlocks(alliance.charter(), EXAMPLE_CHARTER);
    alliance.updateExitPlan({ noticePeriodDays: 90, nonDisparagement: true, forceMajeure: 'Loss of the city operating permit or a fleet-wide recall suspends delivery targets.' });
    alliance.addAsset({ name: 'Routing algorithms', holder: 'TechCo', split: 'Stay with TechCo; a licence runs for the notice period' });
    alliance.addAsset({ name: 'Shared emissions data set', holder: 'Data trust', split: 'Copies for every partner; GreenAlliance keeps audit rights' });
    alliance.addAsset({ name: 'Green Last Mile brand', holder: 'Joint', split: 'Retired when the alliance ends' });

    // The data-ownership vote: operational at first, deadlocked, escalated to the steering committee.
    at(20);
    const vote = alliance.proposeDecision({
      title: 'Data ownership: a shared data trust for emissions data',
      body: 'Routing data stays with TechCo; emissions data goes into a shared data trust that GreenAlliance may audit.',
      category: 'strategic',
      level: 'operational',
      deadline: clock + 14 * DAY_MS,
      createdBy: 'Amira (GreenAlliance)',
    });
    alliance.commentOnDecision(vote.id, { by: 'Jonas (TechCo)', partnerId: techCo, text: 'We can live with a trust if routing data stays ours.' });
    at(24);
    alliance.castVote(vote.id, techCo, 'no', 'Jonas (TechCo)');
    alliance.castVote(vote.id, green, 'yes', 'Amira (GreenAlliance)');
    at(30);
    alliance.escalateDecision(vote.id, 'Deadlocked at the operational team: TechCo against, GreenAlliance for.');
    at(38);
    alliance.castVote(vote.id, techCo, 'yes', 'Jonas (TechCo)');
    alliance.castVote(vote.id, logiCorp, 'yes', 'Pieter (LogiCorp)');
    alliance.recordOutcome(vote.id, 'passed');
    alliance.updateLink(dataConflict.id, { resolution: 'Settled by the steering committee: a shared data trust for emissions data; routing data stays with TechCo.' });

    // Trust account: TechCo's transparency is a deposit; LogiCorp's missed delivery a withdrawal.
    at(10);
    alliance.recordTrust({ by: 'Jonas (TechCo)', partnerId: techCo, kind: 'transparency', note: 'Shared its product roadmap and pricing model with both partners before the pilot' });
    at(15);
    alliance.recordTrust({ by: 'Amira (GreenAlliance)', partnerId: green, kind: 'information-shared-early', note: 'Flagged the new city emissions rules two months early' });
    const depots = alliance.addCommitment({ partnerId: logiCorp, text: 'Open two depots for the pilot', dueAt: now - 150 * DAY_MS });
    const pilot = alliance.addCommitment({ partnerId: techCo, text: 'Deliver the pilot routing build', dueAt: now - 160 * DAY_MS });
    at(40);
    alliance.resolveCommitment(pilot.id, 'delivered', 'Jonas (TechCo)');
    at(52);
    alliance.resolveCommitment(depots.id, 'missed', 'Pieter (LogiCorp)');
    at(60);
    alliance.recordTrust({ by: 'Pieter (LogiCorp)', partnerId: logiCorp, toward: techCo, kind: 'contribution-acknowledged', note: 'Thanked TechCo’s team for the weekend route fixes' });
    at(120);
    alliance.recordTrust({ by: 'Amira (GreenAlliance)', partnerId: techCo, kind: 'information-shared-early', note: 'Shared the first audited emissions figures early' });
    alliance.addCommitment({ partnerId: green, text: 'Publish the first yearly CO₂ report', dueAt: now + 30 * DAY_MS });
    alliance.addCommitment({ partnerId: logiCorp, text: 'Electrify ten more vans', dueAt: now + 60 * DAY_MS });

    // Check-ins: how each partner sees the relationship.
    at(90);
    alliance.recordCheckIn({ partnerId: techCo, by: 'Jonas (TechCo)', scores: { openness: 4, reliability: 3, fairness: 4, momentum: 4 }, note: 'Depot delays hurt the pilot.' });
    alliance.recordCheckIn({ partnerId: logiCorp, by: 'Pieter (LogiCorp)', scores: { openness: 3, reliability: 4, fairness: 2, momentum: 3 }, note: 'We carry the costs of the pilot.' });
    alliance.recordCheckIn({ partnerId: green, by: 'Amira (GreenAlliance)', scores: { openness: 4, reliability: 4, fairness: 4, momentum: 3 }, note: 'Data trust works.' });

    // The six-month realignment review: the alliance moves to a self-funding model.
    at(183);
    alliance.recordReview({
      by: 'Steering committee',
      fit: { [techCo]: 4, [logiCorp]: 3, [green]: 4 },
      notes: 'The pilot proved the routes; subsidies from the partners cannot carry a second city.',
      agreedChanges: 'Move to a self-funding model: delivery fees cover operating costs from next quarter; LogiCorp’s depot costs are shared.',
    });
    // Since the review: TechCo and GreenAlliance keep depositing; LogiCorp has not (its free-rider flag shows).
    at(176);
    alliance.recordTrust({ by: 'Amira (GreenAlliance)', partnerId: green, kind: 'information-shared-early', note: 'Shared the draft yearly CO₂ report a month ahead' });
    at(188);
    alliance.recordTrust({ by: 'Jonas (TechCo)', partnerId: techCo, kind: 'transparency', note: 'Opened its cost model for the self-funding plan' });
    at(190);
    alliance.recordCheckIn({ partnerId: logiCorp, by: 'Pieter (LogiCorp)', scores: { openness: 4, reliability: 4, fairness: 4, momentum: 4 }, note: 'Cost sharing agreed.' });
  });
  return new AllianceDocument(doc, { random: options.random ?? secureRandomBytes });
}
