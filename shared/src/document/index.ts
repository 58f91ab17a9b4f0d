export * from './documentError.ts';
export { AllianceDocument, type DocumentOptions, type NewAlliance, type NewPartner } from './alliance.ts';
export { charterBlocks, appendCharterBlocks, applyCharterTemplate, charterTemplate, FULL_CHARTER_TEMPLATE, LIGHT_CHARTER_TEMPLATE, type TemplateBlock } from './charter.ts';
export { charterContent, charterMarkdown } from './charterContent.ts';
export { blocksMarkdown, spansText, type Block, type Span } from './documentBlocks.ts';
export { allianceExport, allianceMarkdown, isoDate } from './allianceExport.ts';
export { applyPassedDecision, proposeChange, type NewChangeProposal } from './constitution.ts';
export {
  commentThreads,
  decodePosition,
  encodePosition,
  openThreadCount,
  passageAnchors,
  passages,
  wroteComment,
  type CommentAuthor,
  type CommentThread,
  type NewThread,
  type Passage,
} from './charterComments.ts';
export { blockText, contentHash, diffVersions, diffWords, hasDifferences, versionContent, type BlockDiff, type CharterVersionContent, type WordChange } from './charterVersion.ts';
export { isAutomatic, VERSION_LIMITS, type CharterVersion, type NewCharterVersion } from './charterHistory.ts';
export { CHARTER_RATIFICATIONS_ROOT, type CharterRatification } from './charterRatification.ts';
export {
  charterSuggestionRuns,
  collectSuggestions,
  FACILITATOR_AUTHOR,
  newSuggestionId,
  readSuggestionAttrs,
  SUGGESTION_KINDS,
  SUGGESTION_LIMITS,
  suggestionAuthor,
  suggestionControls,
  type Suggestion,
  type SuggestionControls,
  type SuggestionKind,
  type SuggestionMarkAttrs,
  type SuggestionReader,
  type SuggestionRun,
} from './charterSuggestions.ts';
