import { CASE_SOURCES, DISPUTE_CATEGORIES, RISK_GRADES, intake, mediation, petition } from '@zz/contracts';
import { clockName } from './clock-names.js';
import type { Facts } from './facts.js';

export interface Label {
  zh: string;
  en: string;
}

/** Every event type a case can show, Chinese first. Unknown types show their type name. */
export const EVENT_LABELS: Record<string, Label> = {
  // intake 受理与分流
  DisputeRegistered: { zh: '登记纠纷', en: 'Dispute registered' },
  DisputeAccepted: { zh: '受理', en: 'Accepted' },
  DisputeDeclined: { zh: '不予受理', en: 'Declined' },
  RiskAssessed: { zh: '风险评估', en: 'Risk assessed' },
  DisputeTakenOn: { zh: '本级办理', en: 'Taken on here' },
  DisputeAssignedDown: { zh: '交办', en: 'Assigned down' },
  DisputeEscalated: { zh: '上报', en: 'Escalated' },
  WhistleBlown: { zh: '吹哨', en: 'Whistle blown' },
  DepartmentReportedIn: { zh: '部门报到', en: 'Department reported in' },
  DisputeClosed: { zh: '办结', en: 'Closed' },
  FollowUpVisited: { zh: '回访', en: 'Follow-up visit' },
  DisputeReopened: { zh: '重新启动', en: 'Reopened' },
  DisputeRoutedToMediation: { zh: '引导调解', en: 'Routed to mediation' },
  MediationOutcomeRecorded: { zh: '调解结果回告', en: 'Mediation outcome reported back' },
  DisputeAwaitingReferral: { zh: '待委派诉前调解', en: 'Awaiting pre-litigation referral' },
  MediationLinked: { zh: '关联调解案卷', en: 'Mediation file linked' },
  ReferralLinked: { zh: '关联诉前调解', en: 'Referral linked' },
  CourtOutcomeRecorded: { zh: '法院结果回告', en: 'Court outcome reported back' },
  CaseFiledInCourt: { zh: '已诉至法院立案', en: 'Filed in court' },
  PetitionLinked: { zh: '关联信访事项', en: 'Petition linked' },
  DisputeAssignmentSignedFor: { zh: '签收交办', en: 'Assignment signed for' },
  DisputeAssignmentSentBack: { zh: '退回交办', en: 'Assignment sent back' },
  DisputeCompletionReported: { zh: '报送办结报告', en: 'Completion reported' },
  DisputeAssignmentSignedOff: { zh: '交办验收通过', en: 'Assignment signed off' },
  DisputeReturnedForRework: { zh: '退回重办', en: 'Returned for rework' },
  DisputeCardIssued: { zh: '督办亮牌', en: 'Supervision card issued' },
  DepartmentReleaseRequested: { zh: '部门申请退出', en: 'Department asked to be released' },
  DepartmentReleaseDecided: { zh: '退出申请决定', en: 'Release request decided' },
  WhistleSignedOff: { zh: '吹哨验收', en: 'Whistle signed off' },
  DisputeListedForSupervision: { zh: '挂牌督办', en: 'Listed for supervision' },
  DisputeSupervisionLifted: { zh: '撤销挂牌督办', en: 'Supervision lifted' },
  DisputeInterviewHeld: { zh: '约谈', en: 'Summons (interview)' },
  DisputeNoticeCirculated: { zh: '通报', en: 'Circular' },
  // mediation 调解
  MediationOpened: { zh: '调解立卷', en: 'Mediation file opened' },
  MediatorAssigned: { zh: '指派调解员', en: 'Mediator assigned' },
  MediationSessionRecorded: { zh: '调解会议', en: 'Mediation session' },
  MediationProgressNoted: { zh: '调解进展', en: 'Progress noted' },
  MediationExtended: { zh: '延长调解期限', en: 'Mediation extended' },
  MediationRefusedByParty: { zh: '当事人拒绝调解', en: 'Party refused mediation' },
  MediationAgreementReached: { zh: '达成调解协议', en: 'Agreement reached' },
  MediationFailed: { zh: '调解不成', en: 'Mediation failed' },
  AgreementPerformanceRecorded: { zh: '协议履行情况', en: 'Performance recorded' },
  MediationClosed: { zh: '调解结卷', en: 'Mediation closed' },
  // referral 诉前调解
  ReferredToCourt: { zh: '委派诉前调解', en: 'Referred to court' },
  ReferralAccepted: { zh: '法院接收委派', en: 'Court accepted referral' },
  ReferralSettled: { zh: '诉前调解成功', en: 'Settled in pre-filing mediation' },
  ReferralFailed: { zh: '诉前调解不成', en: 'Pre-filing mediation failed' },
  JudicialConfirmationApplied: { zh: '申请司法确认', en: 'Judicial confirmation applied for' },
  AgreementSubmittedForConfirmation: { zh: '调解协议申请司法确认', en: 'Agreement submitted for judicial confirmation' },
  ConfirmationApplicationAccepted: { zh: '法院受理司法确认申请', en: 'Court accepted the confirmation application' },
  ConfirmationApplicationRefused: { zh: '法院不予受理司法确认申请', en: 'Court refused the confirmation application' },
  JudicialConfirmationGranted: { zh: '司法确认有效', en: 'Judicially confirmed' },
  JudicialConfirmationRejected: { zh: '驳回司法确认申请', en: 'Judicial confirmation rejected' },
  CaseFiled: { zh: '立案', en: 'Case filed' },
  // petition 信访
  PetitionRegistered: { zh: '登记信访事项', en: 'Petition registered' },
  PetitionRepeatDetected: { zh: '识别为重复信访', en: 'Repeat petition detected' },
  PetitionAccepted: { zh: '信访受理', en: 'Petition accepted' },
  PetitionDeclined: { zh: '信访不予受理', en: 'Petition declined' },
  PetitionMarkedBacklog: { zh: '列为积案', en: 'Marked as backlog case' },
  ResponsibleLeaderAssigned: { zh: '明确包保领导', en: 'Responsible leader assigned' },
  ResponsibilityStatementSigned: { zh: '包保责任签字背书', en: 'Responsibility statement signed' },
  PetitionListedForSupervision: { zh: '挂牌督办', en: 'Listed for supervision' },
  PetitionSupervisionLifted: { zh: '撤销挂牌督办', en: 'Supervision lifted' },
  AdmonishingInterviewHeld: { zh: '约谈', en: 'Admonishing interview' },
  NoticeCirculated: { zh: '通报', en: 'Notice circulated' },
  PetitionAnswered: { zh: '书面答复', en: 'Answered in writing' },
  PetitionReviewRequested: { zh: '申请复查', en: 'Review requested' },
  PetitionReviewDecided: { zh: '复查意见', en: 'Review decided' },
  PetitionReReviewRequested: { zh: '申请复核', en: 'Re-review requested' },
  PetitionReReviewDecided: { zh: '复核意见（终结）', en: 'Re-review decided (final)' },
  PetitionResolved: { zh: '化解', en: 'Resolved' },
  PetitionDivertedToLegalChannel: { zh: '诉访分离：导入法定途径', en: 'Diverted to the legal channel' },
  // deadlines 期限
  DeadlineApproaching: { zh: '期限即将届满', en: 'Deadline approaching' },
  DeadlineMissed: { zh: '超期', en: 'Deadline missed' },
  DeadlineClockPaused: { zh: '期限中止计算', en: 'Deadline clock paused' },
  DeadlineClockResumed: { zh: '期限恢复计算', en: 'Deadline clock resumed' },
  DeadlineClockExtended: { zh: '延长期限', en: 'Deadline extended' },
};

export const labelOf = (type: string): Label => EVENT_LABELS[type] ?? { zh: type, en: type };

const CLOSE_OUTCOMES: Record<string, Label> = {
  resolved: { zh: '已化解', en: 'resolved' },
  partially_resolved: { zh: '部分化解', en: 'partially resolved' },
  unresolved: { zh: '未化解', en: 'unresolved' },
  withdrawn: { zh: '撤回', en: 'withdrawn' },
  transferred_to_court: { zh: '转法院立案', en: 'transferred to court' },
};
const COURT_OUTCOMES: Record<string, Label> = {
  settled: { zh: '调解成功', en: 'settled' },
  failed: { zh: '调解不成', en: 'failed' },
  confirmed: { zh: '司法确认有效', en: 'confirmed' },
  rejected: { zh: '驳回确认申请', en: 'confirmation rejected' },
};
const SATISFACTION: Record<string, Label> = {
  satisfied: { zh: '满意', en: 'satisfied' },
  basically_satisfied: { zh: '基本满意', en: 'basically satisfied' },
  dissatisfied: { zh: '不满意', en: 'dissatisfied' },
};
const REVIEW_OUTCOMES: Record<string, Label> = {
  upheld: { zh: '维持', en: 'upheld' },
  changed: { zh: '变更', en: 'changed' },
  revoked: { zh: '撤销重办', en: 'revoked' },
};
const PETITION_CHANNELS: Record<string, Label> = {
  online: { zh: '网上信访', en: 'online' },
  letter: { zh: '来信', en: 'letter' },
  phone: { zh: '来电', en: 'phone' },
  fax: { zh: '传真', en: 'fax' },
  visit: { zh: '来访', en: 'visit' },
};

const s = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
/** The China-time day of an instant (a due date at 20:00 UTC is the next day in China). */
const day = (v: unknown): string => {
  const ms = Date.parse(s(v));
  return Number.isNaN(ms) ? s(v).slice(0, 10) : new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
};
const yuan = (fen: unknown): string => (typeof fen === 'number' ? (fen / 100).toFixed(2) : '');
const pick = (map: Record<string, Label>, v: unknown): Label => map[s(v)] ?? { zh: s(v), en: s(v) };
const both = (zh: string, en: string): Label => ({ zh, en });

/** Names of centers (by division code) for summaries; without one, codes are not shown inside Chinese text. */
export type CenterNames = (code: string) => string | undefined;

/**
 * A one-line summary from the stored facts (never from sealed values, never free text), composed
 * at read time so wording can improve without a rebuild. Falls back to the label. Every date is the
 * China-time day; centers, departments, clocks and statuses are shown by name, never by code.
 */
export function summarize(type: string, f: Facts, centerNames: CenterNames = () => undefined): Label {
  const label = labelOf(type);
  const center = (v: unknown): string => centerNames(s(v)) ?? '本中心';
  const centerEn = (v: unknown): string => centerNames(s(v)) ?? s(v);
  const clock = clockName(s(f.policyId));
  switch (type) {
    case 'DisputeRegistered': {
      const cat = pick(DISPUTE_CATEGORIES, f.category);
      const src = pick(CASE_SOURCES, f.source);
      return both(`${label.zh}：${s(f.title)}（${cat.zh}，${src.zh}，当事人${s(f.partyCount)}方）`, `${label.en}: ${s(f.title)} (${cat.en}, ${src.en}, ${s(f.partyCount)} parties)`);
    }
    case 'RiskAssessed': {
      const g = pick(RISK_GRADES, f.grade);
      return both(`${label.zh}：${g.zh}${f.overridden ? '（人工调整）' : ''}`, `${label.en}: ${g.en}${f.overridden ? ' (overridden)' : ''}`);
    }
    case 'DisputeTakenOn':
      return both(`${label.zh}（${center(f.centerCode)}），期限 ${day(f.dueAt)}`, `${label.en} (${centerEn(f.centerCode)}), due ${day(f.dueAt)}`);
    case 'DisputeAssignedDown':
      return both(`${label.zh}：${center(f.fromCenter)} → ${center(f.toCenter)}，期限 ${day(f.dueAt)}`, `${label.en}: ${centerEn(f.fromCenter)} → ${centerEn(f.toCenter)}, due ${day(f.dueAt)}`);
    case 'DisputeEscalated':
      return both(`${label.zh}：${center(f.fromCenter)} → ${center(f.toCenter)}`, `${label.en}: ${centerEn(f.fromCenter)} → ${centerEn(f.toCenter)}`);
    case 'WhistleBlown': {
      const names = (Array.isArray(f.departments) ? (f.departments as { name: string }[]) : []).map((d) => d.name).join('、');
      return both(`${label.zh}：${names}，报到期限 ${day(f.reportInDueAt)}`, `${label.en}: ${names}; report in by ${day(f.reportInDueAt)}`);
    }
    case 'DepartmentReportedIn':
      // Older events carry only the code: then the label alone, never the code inside Chinese text.
      return f.departmentName ? both(`${label.zh}：${s(f.departmentName)}`, `${label.en}: ${s(f.departmentName)}`) : both(label.zh, `${label.en}: ${s(f.departmentCode)}`);
    case 'DisputeAssignmentSignedFor':
      return both(`${label.zh}：${center(f.toCenter)}`, `${label.en}: ${centerEn(f.toCenter)}`);
    case 'DisputeAssignmentSentBack': {
      const r = pick(intake.SEND_BACK_REASON_LABELS, f.reason);
      return both(`${label.zh}：${center(f.toCenter)} → ${center(f.fromCenter)}（${r.zh}）`, `${label.en}: ${centerEn(f.toCenter)} → ${centerEn(f.fromCenter)} (${r.en})`);
    }
    case 'DisputeCompletionReported': {
      const o = pick(CLOSE_OUTCOMES, f.outcome);
      return both(`${label.zh}：${o.zh}`, `${label.en}: ${o.en}`);
    }
    case 'DisputeAssignmentSignedOff':
      return both(`${label.zh}（${center(f.fromCenter)}）`, `${label.en} (${centerEn(f.fromCenter)})`);
    case 'DisputeReturnedForRework':
      return both(`${label.zh}（第${s(f.round)}次），期限 ${day(f.dueAt)}`, `${label.en} (round ${s(f.round)}), due ${day(f.dueAt)}`);
    case 'DisputeCardIssued': {
      const step = clockName(s(f.step));
      return both(`${f.card === 'red' ? '红牌' : '黄牌'}：${center(f.chargedCenter)}，${step.zh}超期`, `${f.card === 'red' ? 'Red' : 'Yellow'} card: ${centerEn(f.chargedCenter)}, ${step.en} missed`);
    }
    case 'DisputeListedForSupervision':
      return both(
        `${label.zh}：${center(f.supervisingCenter)}，督办对象${center(f.supervisedCenter)}，期限 ${day(f.dueAt)}`,
        `${label.en}: ${centerEn(f.supervisingCenter)} supervising ${centerEn(f.supervisedCenter)}, due ${day(f.dueAt)}`,
      );
    case 'DisputeInterviewHeld':
      return both(
        `${label.zh}：${center(f.supervisingCenter)}约谈${center(f.supervisedCenter)}${s(f.interviewee)}（${day(f.heldAt)}）`,
        `${label.en}: ${centerEn(f.supervisingCenter)} summoned ${s(f.interviewee)} of ${centerEn(f.supervisedCenter)} (${day(f.heldAt)})`,
      );
    case 'DisputeNoticeCirculated':
      return both(`${label.zh}：${center(f.supervisedCenter)}（${s(f.scope)}）`, `${label.en}: ${centerEn(f.supervisedCenter)} (${s(f.scope)})`);
    case 'DepartmentReleaseRequested':
      return both(`${label.zh}：${s(f.departmentName) || '职能部门'}`, `${label.en}: ${s(f.departmentName) || s(f.departmentCode)}`);
    case 'DepartmentReleaseDecided':
      return both(`${f.approved ? '准予退出' : '不准退出'}：${s(f.departmentName) || '职能部门'}`, `${f.approved ? 'Released' : 'Release refused'}: ${s(f.departmentName) || s(f.departmentCode)}`);
    case 'DisputeClosed': {
      const o = pick(CLOSE_OUTCOMES, f.outcome);
      return both(`${label.zh}：${o.zh}`, `${label.en}: ${o.en}`);
    }
    case 'FollowUpVisited': {
      const v = pick(SATISFACTION, f.satisfaction);
      return both(`${label.zh}：${v.zh}`, `${label.en}: ${v.en}`);
    }
    case 'MediationOpened': {
      const k = pick(mediation.ORGANISATION_KIND_LABELS, f.organisationKind);
      return both(`${label.zh}：${s(f.organisationName)}（${k.zh}）`, `${label.en}: ${s(f.organisationName)} (${k.en})`);
    }
    case 'MediationSessionRecorded':
      return both(`第${s(f.sessionNo)}次${label.zh}（${day(f.heldAt)}，${s(f.attendeeCount)}人参加）`, `${label.en} no. ${s(f.sessionNo)} (${day(f.heldAt)}, ${s(f.attendeeCount)} attending)`);
    case 'MediationExtended':
      return both(`${label.zh}至 ${day(f.newEndAt)}`, `${label.en} to ${day(f.newEndAt)}`);
    case 'MediationAgreementReached':
    case 'ReferralSettled': {
      // No amount given: no "金额 0.00 元" (facts before amountCount was kept: a zero total means none).
      const hasAmount = typeof f.amountCount === 'number' ? f.amountCount > 0 : typeof f.totalFen === 'number' && f.totalFen > 0;
      return hasAmount ? both(`${label.zh}，金额 ${yuan(f.totalFen)} 元`, `${label.en}, amount CNY ${yuan(f.totalFen)}`) : label;
    }
    case 'MediationClosed': {
      const o = pick(mediation.MEDIATION_STATUS_LABELS, f.outcome === 'agreement' ? 'agreed' : f.outcome);
      return both(`${label.zh}：${o.zh}`, `${label.en}: ${o.en}`);
    }
    case 'DisputeRoutedToMediation':
      return both(`${label.zh}：${s(f.organisationName)}`, `${label.en}: ${s(f.organisationName)}`);
    case 'MediationOutcomeRecorded': {
      const o = pick(mediation.MEDIATION_STATUS_LABELS, f.outcome === 'agreement' ? 'agreed' : f.outcome);
      return both(`${label.zh}：${o.zh}`, `${label.en}: ${o.en}`);
    }
    case 'CourtOutcomeRecorded': {
      const o = pick(COURT_OUTCOMES, f.outcome);
      return both(`${label.zh}：${o.zh}`, `${label.en}: ${o.en}`);
    }
    case 'CaseFiledInCourt':
      return both(`${label.zh}（${s(f.caseNumber)}）`, `${label.en} (${s(f.caseNumber)})`);
    case 'PetitionLinked':
      return both(`${label.zh}：${s(f.petitionCaseCode)}`, `${label.en}: ${s(f.petitionCaseCode)}`);
    case 'ReferralLinked':
    case 'ReferredToCourt':
      return both(`${label.zh}：${s(f.courtName)}`, `${label.en}: ${s(f.courtName)}`);
    case 'ReferralAccepted':
      return both(`${label.zh}（${s(f.preFilingNumber)}）`, `${label.en} (${s(f.preFilingNumber)})`);
    case 'JudicialConfirmationGranted':
      return both(`${label.zh}（${s(f.rulingNumber)}）`, `${label.en} (${s(f.rulingNumber)})`);
    case 'CaseFiled':
      return both(`${label.zh}（${s(f.caseNumber)}）`, `${label.en} (${s(f.caseNumber)})`);
    case 'PetitionRegistered': {
      const c = pick(PETITION_CHANNELS, f.channel);
      return both(`${label.zh}：${s(f.title)}（${c.zh}，信访人${s(f.petitionerCount)}人）`, `${label.en}: ${s(f.title)} (${c.en}, ${s(f.petitionerCount)} petitioners)`);
    }
    case 'PetitionRepeatDetected': {
      const codes = (Array.isArray(f.repeatOf) ? (f.repeatOf as { caseCode: string }[]) : []).map((r) => r.caseCode).join('、');
      return both(`${label.zh}：前案 ${codes}`, `${label.en}: earlier ${codes}`);
    }
    case 'PetitionAccepted':
    case 'PetitionDeclined':
      return both(`${label.zh}${f.withinWindow ? '' : '（超出受理时限）'}`, `${label.en}${f.withinWindow ? '' : ' (outside the window)'}`);
    case 'ResponsibleLeaderAssigned':
      return both(`${label.zh}：${s(f.post)}`, `${label.en}: ${s(f.post)}`);
    case 'ResponsibilityStatementSigned':
      return both(`${label.zh}（${day(f.signedAt)}）`, `${label.en} (${day(f.signedAt)})`);
    case 'PetitionListedForSupervision': {
      const supervised = f.supervisedCenter ? `，督办对象${center(f.supervisedCenter)}` : '';
      return both(
        `${label.zh}：${center(f.supervisingCenter)}${supervised}，期限 ${day(f.dueAt)}`,
        `${label.en}: ${centerEn(f.supervisingCenter)}${f.supervisedCenter ? ` supervising ${centerEn(f.supervisedCenter)}` : ''}, due ${day(f.dueAt)}`,
      );
    }
    case 'PetitionReviewRequested':
    case 'PetitionReReviewRequested':
      return f.reviewingCenter ? both(`${label.zh}，由${center(f.reviewingCenter)}办理`, `${label.en}, decided by ${centerEn(f.reviewingCenter)}`) : label;
    case 'PetitionDivertedToLegalChannel': {
      const ch = pick(petition.LEGAL_CHANNEL_LABELS, f.legalChannel);
      return f.mode === 'transferred'
        ? both(`${label.zh}（${ch.zh}），转交${s(f.unitName)}`, `${label.en} (${ch.en}), transferred to ${s(f.unitName)}`)
        : both(`${label.zh}（${ch.zh}），已引导信访人依法定途径解决`, `${label.en} (${ch.en}), petitioner guided to it`);
    }
    case 'AgreementSubmittedForConfirmation':
      return both(`${label.zh}：${s(f.courtName)}`, `${label.en}: ${s(f.courtName)}`);
    case 'ConfirmationApplicationAccepted':
      return f.caseNumber ? both(`${label.zh}（${s(f.caseNumber)}）`, `${label.en} (${s(f.caseNumber)})`) : label;
    case 'AdmonishingInterviewHeld':
      return both(`${label.zh}：${s(f.interviewee)}`, `${label.en}: ${s(f.interviewee)}`);
    case 'NoticeCirculated':
      return both(`${label.zh}：${s(f.scope)}`, `${label.en}: ${s(f.scope)}`);
    case 'PetitionReviewDecided':
    case 'PetitionReReviewDecided': {
      const o = pick(REVIEW_OUTCOMES, f.outcome);
      return both(`${label.zh}：${o.zh}`, `${label.en}: ${o.en}`);
    }
    case 'DeadlineApproaching':
    case 'DeadlineMissed':
      // dueDate is the China-time day already; dueAt is read as one too, so the two never disagree.
      return both(`${label.zh}：${clock.zh}，到期日 ${f.dueAt ? day(f.dueAt) : s(f.dueDate)}`, `${label.en}: ${clock.en}, due ${f.dueAt ? day(f.dueAt) : s(f.dueDate)}`);
    case 'DeadlineClockExtended':
      return both(
        `${label.zh}：${clock.zh} 延长${s(f.days)}${f.unit === 'working_days' ? '个工作日' : '日'}`,
        `${label.en}: ${clock.en} by ${s(f.days)} ${f.unit === 'working_days' ? 'working days' : 'days'}`,
      );
    case 'DeadlineClockPaused':
    case 'DeadlineClockResumed':
      return both(`${label.zh}：${clock.zh}`, `${label.en}: ${clock.en}`);
    case 'PetitionResolved':
      return f.kind === 'ceased' ? both('息诉罢访', 'Petitioning ceased') : label;
  }
  return label;
}
