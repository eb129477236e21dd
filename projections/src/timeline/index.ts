export { createTimelineTables, TIMELINE_DDL } from './schema.js';
export { timelineApply } from './projector.js';
export { eventFacts, type EventFacts, type Facts, type SealedFacts } from './facts.js';
export { EVENT_LABELS, labelOf, summarize, type Label } from './labels.js';
export { caseTimeline, casePlaces, canSeeCase, presentTimelineEntry, type CasePlace, type TimelineEntry, type TimelinePage } from './queries.js';
