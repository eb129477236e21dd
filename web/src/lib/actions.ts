// The form of each command: its fields and how they become the request body. Which commands a
// screen offers is the server's `allowedActions`; this only says how to ask for one.
export type FieldKind = 'text' | 'textarea' | 'select' | 'datetime' | 'number' | 'bool' | 'center' | 'departments' | 'whistle' | 'party';

export interface FieldSpec {
  key: string;
  kind: FieldKind;
  required?: boolean;
  /** i18n `choice.<options>` table for selects. */
  options?: string;
  /** The API's body path for server errors, when it differs from `key`. */
  apiPath?: string;
  /** Initial value. */
  init?: () => unknown;
}

export interface ActionSpec {
  fields: FieldSpec[];
  /** Form values → request body. */
  body(v: Record<string, any>, ctx: ActionContext): unknown;
}

export interface ActionContext {
  /** Persons on the file, for consents and party pickers. */
  parties: { personId: string; role: string }[];
}

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : undefined);
const inDays = (d: number) => () => new Date(Date.now() + d * 86_400_000);
// The latest valid time: dated facts may not precede what they follow (the server refuses it), nor lie in the future.
const justNow = () => new Date();
const opt = (s: unknown) => (typeof s === 'string' && s.trim() ? s.trim() : undefined);

export const DISPUTE_ACTIONS: Record<string, ActionSpec> = {
  accept: { fields: [{ key: 'note', kind: 'textarea' }], body: (v) => ({ note: opt(v.note) }) },
  decline: {
    fields: [
      { key: 'reason', kind: 'textarea', required: true },
      { key: 'redirectChannel', kind: 'select', options: 'redirectChannel', required: true },
    ],
    body: (v) => ({ reason: v.reason, redirectChannel: v.redirectChannel }),
  },
  'assess-risk': {
    fields: [
      { key: 'partyCount', kind: 'number', apiPath: 'indicators.partyCount', init: () => 1 },
      { key: 'violenceThreat', kind: 'bool' },
      { key: 'civilToCriminalRisk', kind: 'bool' },
      { key: 'repeatedPoliceCalls', kind: 'bool' },
      { key: 'sensitiveMatter', kind: 'bool' },
    ],
    body: (v) => ({
      indicators: {
        partyCount: v.partyCount || undefined,
        violenceThreat: !!v.violenceThreat,
        civilToCriminalRisk: !!v.civilToCriminalRisk,
        repeatedPoliceCalls: !!v.repeatedPoliceCalls,
        sensitiveMatter: !!v.sensitiveMatter,
      },
    }),
  },
  route: { fields: [{ key: 'dueAt', kind: 'datetime', init: inDays(15) }], body: (v) => ({ mode: 'handle_here', dueAt: iso(v.dueAt) }) },
  'assign-down': {
    fields: [
      { key: 'toCenter', kind: 'center', required: true },
      { key: 'dueAt', kind: 'datetime', required: true, init: inDays(10) },
      { key: 'supervisionLevel', kind: 'select', options: 'supervisionLevel', apiPath: 'supervision', init: () => 'ordinary' },
      { key: 'instructions', kind: 'textarea' },
    ],
    body: (v) => ({ toCenter: v.toCenter, dueAt: iso(v.dueAt), supervision: v.supervisionLevel, instructions: opt(v.instructions) }),
  },
  escalate: { fields: [{ key: 'reason', kind: 'textarea', required: true }], body: (v) => ({ reason: v.reason }) },
  whistle: {
    fields: [
      { key: 'departments', kind: 'departments', required: true, init: () => [] },
      { key: 'reportInDueAt', kind: 'datetime', required: true, init: inDays(3) },
      { key: 'reason', kind: 'textarea', required: true },
    ],
    body: (v) => ({ departments: v.departments, reportInDueAt: iso(v.reportInDueAt), reason: v.reason }),
  },
  mediate: {
    fields: [
      { key: 'organisationKind', kind: 'select', options: 'organisationKind', required: true, init: () => 'peoples_mediation_committee' },
      { key: 'organisationName', kind: 'text', required: true },
      { key: 'plannedEndAt', kind: 'datetime', init: inDays(30) },
    ],
    body: (v) => ({ organisationKind: v.organisationKind, organisationName: v.organisationName, plannedEndAt: iso(v.plannedEndAt) }),
  },
  'report-in': {
    fields: [
      { key: 'department', kind: 'whistle', required: true, apiPath: 'departmentCode' },
      { key: 'note', kind: 'textarea' },
    ],
    body: (v) => ({ whistleId: v.department?.whistleId, departmentCode: v.department?.code, note: opt(v.note) }),
  },
  close: {
    fields: [
      { key: 'outcome', kind: 'select', options: 'outcome', required: true, init: () => 'resolved' },
      { key: 'summary', kind: 'textarea', required: true },
    ],
    body: (v) => ({ outcome: v.outcome, summary: v.summary }),
  },
  'follow-up': {
    fields: [
      { key: 'satisfaction', kind: 'select', options: 'satisfaction', required: true },
      { key: 'method', kind: 'select', options: 'method', required: true, init: () => 'phone' },
      { key: 'note', kind: 'textarea' },
    ],
    body: (v) => ({ satisfaction: v.satisfaction, method: v.method, note: opt(v.note) }),
  },
  reopen: { fields: [{ key: 'reason', kind: 'textarea', required: true }], body: (v) => ({ reason: v.reason }) },
  // The assignment loop (交办 → 签收 → 办结报告 → 验收) and supervision from above.
  'sign-for': { fields: [{ key: 'note', kind: 'textarea' }], body: (v) => ({ note: opt(v.note) }) },
  'send-back': {
    fields: [
      { key: 'sendBackReason', kind: 'select', options: 'sendBackReason', required: true, apiPath: 'reason' },
      { key: 'explanation', kind: 'textarea', required: true },
    ],
    body: (v) => ({ reason: v.sendBackReason, explanation: v.explanation }),
  },
  'report-completion': {
    fields: [
      { key: 'outcome', kind: 'select', options: 'completionOutcome', required: true, init: () => 'resolved' },
      { key: 'measures', kind: 'textarea', required: true },
      { key: 'satisfaction', kind: 'select', options: 'completionSatisfaction', required: true },
    ],
    body: (v) => ({ outcome: v.outcome, measures: v.measures, satisfaction: v.satisfaction }),
  },
  'sign-off': { fields: [{ key: 'note', kind: 'textarea' }], body: (v) => ({ note: opt(v.note) }) },
  rework: {
    fields: [
      { key: 'reason', kind: 'textarea', required: true },
      { key: 'dueAt', kind: 'datetime', required: true, init: inDays(10) },
    ],
    body: (v) => ({ reason: v.reason, dueAt: iso(v.dueAt) }),
  },
  'list-supervision': {
    fields: [
      { key: 'dueAt', kind: 'datetime', required: true, init: inDays(15) },
      { key: 'instructions', kind: 'textarea', required: true },
    ],
    body: (v) => ({ dueAt: iso(v.dueAt), instructions: v.instructions }),
  },
  interview: {
    fields: [
      { key: 'interviewee', kind: 'text', required: true },
      { key: 'heldAt', kind: 'datetime', required: true, init: justNow },
      { key: 'minutes', kind: 'textarea', required: true },
    ],
    body: (v) => ({ interviewee: v.interviewee, heldAt: iso(v.heldAt), minutes: v.minutes }),
  },
  'circulate-notice': {
    fields: [
      { key: 'scope', kind: 'text', required: true },
      { key: 'summary', kind: 'textarea', required: true },
    ],
    body: (v) => ({ scope: v.scope, summary: v.summary }),
  },
};

export const MEDIATION_ACTIONS: Record<string, ActionSpec> = {
  'assign-mediator': { fields: [{ key: 'mediatorId', kind: 'text', required: true }], body: (v) => ({ mediatorId: v.mediatorId }) },
  'record-session': {
    fields: [
      { key: 'heldAt', kind: 'datetime', required: true, init: justNow },
      { key: 'notes', kind: 'textarea', required: true },
    ],
    body: (v) => ({ heldAt: iso(v.heldAt), attendees: [{ kind: 'role', role: 'mediator' }], notes: v.notes }),
  },
  'note-progress': { fields: [{ key: 'note', kind: 'textarea', required: true }], body: (v) => ({ note: v.note }) },
  extend: {
    fields: [
      { key: 'newEndAt', kind: 'datetime', required: true, init: inDays(45) },
      { key: 'reason', kind: 'textarea' },
    ],
    // "Longer if both parties agree": the form records every party's consent as of now.
    body: (v, ctx) => ({
      consents: ctx.parties.filter((p) => p.role !== 'third_party').map((p) => ({ personId: p.personId, consentedAt: new Date(Date.now() - 1000).toISOString() })),
      newEndAt: iso(v.newEndAt),
      reason: opt(v.reason),
    }),
  },
  'record-refusal': {
    fields: [
      { key: 'person', kind: 'party', required: true, apiPath: 'personId' },
      { key: 'statedAt', kind: 'datetime', required: true, init: justNow },
    ],
    body: (v) => ({ personId: v.person, statedAt: iso(v.statedAt) }),
  },
  'reach-agreement': {
    fields: [
      { key: 'terms', kind: 'textarea', required: true },
      { key: 'signedAt', kind: 'datetime', required: true, init: justNow },
      { key: 'performanceDeadline', kind: 'datetime', required: true, init: inDays(30) },
    ],
    body: (v) => ({ terms: v.terms, amounts: [], signedAt: iso(v.signedAt), performanceDeadline: iso(v.performanceDeadline) }),
  },
  'record-failure': {
    fields: [
      { key: 'failureReason', kind: 'select', options: 'failureReason', required: true, apiPath: 'reason' },
      { key: 'note', kind: 'textarea' },
    ],
    body: (v) => ({ reason: v.failureReason, note: opt(v.note) }),
  },
  'record-performance': {
    fields: [
      { key: 'status', kind: 'select', options: 'performance', required: true },
      { key: 'checkedAt', kind: 'datetime', required: true, init: justNow },
      { key: 'note', kind: 'textarea' },
    ],
    body: (v) => ({ status: v.status, checkedAt: iso(v.checkedAt), note: opt(v.note) }),
  },
  close: { fields: [{ key: 'note', kind: 'textarea' }], body: (v) => ({ note: opt(v.note) }) },
};

/** A server message "中文 / English" in the current language; an English-only (library) message becomes a generic one. */
export function localMessage(message: string, lang: string, generic: string): string {
  const [zh, en] = message.split(' / ');
  const hasCjk = /[\u4e00-\u9fff]/.test(zh ?? '');
  if (lang === 'en') return en ?? (hasCjk ? generic : message);
  return hasCjk ? zh! : generic;
}

export const REFERRAL_ACTIONS: Record<string, ActionSpec> = {
  accept: {
    fields: [
      { key: 'preFilingNumber', kind: 'text', required: true },
      { key: 'mediatorId', kind: 'text', required: true },
      { key: 'acceptedAt', kind: 'datetime', required: true, init: justNow },
    ],
    body: (v) => ({ preFilingNumber: v.preFilingNumber, mediatorId: v.mediatorId, acceptedAt: iso(v.acceptedAt) }),
  },
  settle: {
    fields: [
      { key: 'terms', kind: 'textarea', required: true },
      { key: 'effectiveAt', kind: 'datetime', required: true, init: justNow },
      { key: 'performanceDeadline', kind: 'datetime', init: inDays(30) },
    ],
    body: (v) => ({ terms: v.terms, amounts: [], effectiveAt: iso(v.effectiveAt), performanceDeadline: iso(v.performanceDeadline) }),
  },
  fail: {
    fields: [
      { key: 'failureReason', kind: 'select', options: 'referralFailure', required: true, apiPath: 'reason' },
      { key: 'note', kind: 'textarea' },
    ],
    body: (v) => ({ reason: v.failureReason, note: opt(v.note) }),
  },
  'apply-confirmation': {
    fields: [{ key: 'appliedAt', kind: 'datetime', required: true, init: justNow }],
    // 共同申请: every applicant and respondent applies jointly.
    body: (v, ctx) => ({ applicants: ctx.parties.filter((p) => p.role !== 'third_party').map((p) => p.personId), appliedAt: iso(v.appliedAt) }),
  },
  'rule-confirmation': {
    fields: [
      { key: 'decision', kind: 'select', options: 'decision', required: true, init: () => 'confirmed' },
      { key: 'rulingNumber', kind: 'text' },
      { key: 'reason', kind: 'textarea' },
      { key: 'ruledAt', kind: 'datetime', required: true, init: justNow },
    ],
    body: (v) =>
      v.decision === 'confirmed' ? { decision: 'confirmed', ruledAt: iso(v.ruledAt), rulingNumber: v.rulingNumber ?? '' } : { decision: 'rejected', ruledAt: iso(v.ruledAt), reason: v.reason ?? '' },
  },
  file: {
    fields: [
      { key: 'caseNumber', kind: 'text', required: true },
      { key: 'filedAt', kind: 'datetime', required: true, init: justNow },
      { key: 'note', kind: 'textarea' },
    ],
    body: (v) => ({ caseNumber: v.caseNumber, filedAt: iso(v.filedAt), note: opt(v.note) }),
  },
};

export const PETITION_ACTIONS: Record<string, ActionSpec> = {
  accept: { fields: [{ key: 'note', kind: 'textarea' }], body: (v) => ({ note: opt(v.note) }) },
  decline: {
    fields: [
      { key: 'declineReason', kind: 'select', options: 'declineReason', required: true, apiPath: 'reason' },
      { key: 'explanation', kind: 'textarea', required: true },
      { key: 'redirectChannel', kind: 'select', options: 'redirectChannel' },
    ],
    body: (v) => ({ reason: v.declineReason, explanation: v.explanation, redirectChannel: v.redirectChannel || undefined }),
  },
  'mark-backlog': { fields: [{ key: 'reason', kind: 'textarea', required: true }], body: (v) => ({ reason: v.reason }) },
  'assign-leader': {
    fields: [
      { key: 'leaderUserId', kind: 'text', required: true },
      { key: 'post', kind: 'text', required: true },
    ],
    body: (v) => ({ leaderUserId: v.leaderUserId, post: v.post }),
  },
  'sign-responsibility': { fields: [{ key: 'statementText', kind: 'textarea', required: true }], body: (v) => ({ statementText: v.statementText }) },
  'list-supervision': {
    fields: [
      { key: 'dueAt', kind: 'datetime', required: true, init: inDays(15) },
      { key: 'instructions', kind: 'textarea', required: true },
    ],
    body: (v) => ({ dueAt: iso(v.dueAt), instructions: v.instructions }),
  },
  'admonishing-interview': {
    fields: [
      { key: 'interviewee', kind: 'text', required: true },
      { key: 'heldAt', kind: 'datetime', required: true, init: justNow },
      { key: 'summary', kind: 'textarea', required: true },
    ],
    body: (v) => ({ interviewee: v.interviewee, heldAt: iso(v.heldAt), summary: v.summary }),
  },
  'circulate-notice': {
    fields: [
      { key: 'scope', kind: 'text', required: true },
      { key: 'summary', kind: 'textarea', required: true },
    ],
    body: (v) => ({ scope: v.scope, summary: v.summary }),
  },
  answer: { fields: [{ key: 'text', kind: 'textarea', required: true }], body: (v) => ({ text: v.text }) },
  'request-review': { fields: [{ key: 'note', kind: 'textarea' }], body: (v) => ({ note: opt(v.note) }) },
  'decide-review': {
    fields: [
      { key: 'reviewOutcome', kind: 'select', options: 'reviewOutcome', required: true, apiPath: 'outcome' },
      { key: 'text', kind: 'textarea', required: true },
    ],
    body: (v) => ({ outcome: v.reviewOutcome, text: v.text }),
  },
  'request-re-review': { fields: [{ key: 'note', kind: 'textarea' }], body: (v) => ({ note: opt(v.note) }) },
  'decide-re-review': {
    fields: [
      { key: 'reviewOutcome', kind: 'select', options: 'reviewOutcome', required: true, apiPath: 'outcome' },
      { key: 'text', kind: 'textarea', required: true },
    ],
    body: (v) => ({ outcome: v.reviewOutcome, text: v.text }),
  },
  resolve: {
    fields: [
      { key: 'resolutionKind', kind: 'select', options: 'resolutionKind', required: true, apiPath: 'kind' },
      { key: 'summary', kind: 'textarea', required: true },
    ],
    body: (v) => ({ kind: v.resolutionKind, summary: v.summary }),
  },
};

/** Staff commands on a deadline clock (时限): pause for a reason its policy allows, resume, extend with approval. */
export const CLOCK_ACTIONS: Record<string, ActionSpec> = {
  pause: {
    fields: [
      { key: 'pauseReason', kind: 'select', options: 'pauseReason', required: true, apiPath: 'reason' },
      { key: 'note', kind: 'textarea' },
    ],
    body: (v) => ({ reason: v.pauseReason, note: opt(v.note) }),
  },
  resume: { fields: [{ key: 'note', kind: 'textarea' }], body: (v) => ({ note: opt(v.note) }) },
  extend: {
    fields: [
      { key: 'days', kind: 'number', required: true, init: () => 30 },
      { key: 'reason', kind: 'textarea', required: true },
    ],
    body: (v) => ({ days: v.days, reason: v.reason }),
  },
};
