import { DomainError, petition, type PetitionEvent } from '@zz/contracts';
import type { PetitionCommand, PetitionContext } from './commands.js';
import { findRepeats } from './repeat.js';
import type { PetitionState } from './state.js';

const DAY = 86_400_000;
const { PETITION_WINDOWS: W, MAX_GROUP_VISIT_REPRESENTATIVES } = petition;

/** "What may happen to this petition now?" — the petition rules (信访工作条例 2022), pure. */
export function decide(command: PetitionCommand, state: PetitionState, ctx: PetitionContext): PetitionEvent[] | DomainError {
  if (command.type !== 'RegisterPetition' && state.status === 'none') return refuse('not_registered', '信访事项不存在 / petition not registered');
  const base = { petitionId: state.petitionId, caseCode: state.caseCode };
  const now = ctx.now.toISOString();

  switch (command.type) {
    case 'RegisterPetition':
      return register(command.data, state, ctx);

    case 'AcceptPetition': {
      if (state.status !== 'registered') return refuse('not_awaiting_acceptance', `信访事项状态为${state.status}，不能受理 / only a registered petition can be accepted`);
      return [{ type: 'PetitionAccepted', data: { ...base, ...(command.data.note ? { note: command.data.note } : {}), decidedAt: now, withinWindow: withinDays(state.receivedAt, ctx.now, W.acceptanceDays) } }];
    }

    case 'DeclinePetition': {
      if (state.status !== 'registered') return refuse('not_awaiting_acceptance', `信访事项状态为${state.status}，不能不予受理 / only a registered petition can be declined`);
      const d = command.data;
      return [
        {
          type: 'PetitionDeclined',
          data: { ...base, reason: d.reason, explanation: d.explanation, ...(d.redirectChannel ? { redirectChannel: d.redirectChannel } : {}), decidedAt: now, withinWindow: withinDays(state.receivedAt, ctx.now, W.acceptanceDays) },
        },
      ];
    }

    case 'MarkBacklog': {
      const inactive = requireActive(state);
      if (inactive) return inactive;
      if (state.backlog) return refuse('already_backlog', '已列为积案 / already marked as a backlog case');
      return [{ type: 'PetitionMarkedBacklog', data: { ...base, reason: command.data.reason } }];
    }

    case 'AssignResponsibleLeader': {
      const inactive = requireActive(state);
      if (inactive) return inactive;
      if (!state.backlog) return refuse('not_backlog', '只有积案才落实包保领导 / a responsible leader is assigned to backlog cases');
      if (state.leader?.leaderUserId === command.data.leaderUserId) return refuse('already_assigned', '该领导已是包保领导 / this leader is already responsible');
      return [{ type: 'ResponsibleLeaderAssigned', data: { ...base, leaderUserId: command.data.leaderUserId, post: command.data.post } }];
    }

    case 'SignResponsibilityStatement': {
      if (!state.leader) return refuse('no_responsible_leader', '尚未落实包保领导 / no responsible leader assigned');
      // Only the assigned leader signs personally (签字背书 cannot be delegated).
      if (ctx.actor.userId !== state.leader.leaderUserId) return refuse('not_the_responsible_leader', '只能由包保领导本人签字 / only the assigned leader may sign');
      if (state.leader.signedAt) return refuse('already_signed', '包保责任书已签字 / the statement is already signed');
      return [{ type: 'ResponsibilityStatementSigned', data: { ...base, leaderUserId: ctx.actor.userId, signedAt: now, statementSha256: command.data.statementSha256 } }];
    }

    case 'ListForSupervision': {
      const inactive = requireActive(state);
      if (inactive) return inactive;
      if (Object.values(state.supervisions).some((s) => !s.lifted)) return refuse('already_listed', '已在挂牌督办中 / already under listed supervision');
      if (!isAfter(command.data.dueAt, ctx.now)) return refuse('due_date_in_past', '督办期限须晚于当前时间 / the supervision deadline must be in the future');
      const { supervisionId, dueAt, instructions } = command.data;
      return [{ type: 'PetitionListedForSupervision', data: { ...base, supervisionId, supervisingCenter: ctx.actor.centerCode, dueAt: iso(dueAt), instructions } }];
    }

    case 'LiftSupervision': {
      const s = state.supervisions[command.data.supervisionId];
      if (!s) return refuse('unknown_supervision', '未找到该挂牌督办 / no such listed supervision');
      if (s.lifted) return refuse('already_lifted', '已摘牌 / this supervision was already lifted');
      return [{ type: 'PetitionSupervisionLifted', data: { ...base, supervisionId: command.data.supervisionId, reason: command.data.reason } }];
    }

    case 'RecordAdmonishingInterview': {
      const inactive = requireActive(state);
      if (inactive) return inactive;
      if (isAfter(command.data.heldAt, ctx.now)) return refuse('held_in_future', '约谈时间不能晚于当前时间 / an interview is recorded after it was held');
      const { interviewee, heldAt, summary } = command.data;
      return [{ type: 'AdmonishingInterviewHeld', data: { ...base, interviewingCenter: ctx.actor.centerCode, interviewee, heldAt: iso(heldAt), summary } }];
    }

    case 'CirculateNotice': {
      const inactive = requireActive(state);
      if (inactive) return inactive;
      return [{ type: 'NoticeCirculated', data: { ...base, issuingCenter: ctx.actor.centerCode, scope: command.data.scope, summary: command.data.summary } }];
    }

    case 'AnswerPetition':
      if (state.status !== 'accepted') return refuse('not_awaiting_answer', `信访事项状态为${state.status}，不能答复 / only an accepted petition is answered`);
      return [{ type: 'PetitionAnswered', data: { ...base, text: command.data.text, textSha256: command.data.textSha256, answeredAt: now } }];

    case 'RequestReview': {
      if (state.status !== 'answered' || !state.answer) return refuse('not_answered', '书面答复后才能申请复查 / review follows a written answer');
      const requestedAt = command.data.requestedAt ? iso(command.data.requestedAt) : now;
      const late = checkRequest(requestedAt, state.answer.answeredAt, W.reviewRequestDays, ctx.now, 'review_window_closed', '收到书面答复之日起30日内申请复查 / review must be requested within 30 days of the answer');
      if (late) return late;
      return [{ type: 'PetitionReviewRequested', data: { ...base, requestedAt, ...(command.data.note ? { note: command.data.note } : {}) } }];
    }

    case 'DecideReview': {
      if (state.status !== 'review_requested' || !state.review) return refuse('no_review_pending', '没有待决的复查申请 / no review request pending');
      const { outcome, text, textSha256 } = command.data;
      return [{ type: 'PetitionReviewDecided', data: { ...base, outcome, text, textSha256, decidedAt: now, withinWindow: withinDays(state.review.requestedAt, ctx.now, W.reviewDecisionDays) } }];
    }

    case 'RequestReReview': {
      if (state.status !== 'reviewed' || !state.review?.decidedAt) return refuse('not_reviewed', '复查意见作出后才能申请复核 / re-review follows a review decision');
      const requestedAt = command.data.requestedAt ? iso(command.data.requestedAt) : now;
      const late = checkRequest(requestedAt, state.review.decidedAt, W.reReviewRequestDays, ctx.now, 're_review_window_closed', '收到复查意见之日起30日内申请复核 / re-review must be requested within 30 days of the review decision');
      if (late) return late;
      return [{ type: 'PetitionReReviewRequested', data: { ...base, requestedAt, ...(command.data.note ? { note: command.data.note } : {}) } }];
    }

    case 'DecideReReview': {
      if (state.status !== 're_review_requested' || !state.reReview) return refuse('no_re_review_pending', '没有待决的复核申请 / no re-review request pending');
      const { outcome, text, textSha256 } = command.data;
      return [{ type: 'PetitionReReviewDecided', data: { ...base, outcome, text, textSha256, decidedAt: now, withinWindow: withinDays(state.reReview.requestedAt, ctx.now, W.reReviewDecisionDays) } }];
    }

    case 'ResolvePetition': {
      const inactive = requireActive(state);
      if (inactive) return inactive;
      return [{ type: 'PetitionResolved', data: { ...base, kind: command.data.kind, summary: command.data.summary } }];
    }
  }
}

/**
 * Registration records the petition whatever it turns out to be (nothing is turned away unrecorded).
 * A repeat is linked to the earlier petitions on the same matter; a repeat of a matter already
 * re-reviewed (复核) is registered and declined at once with `matter_finally_reviewed` (art. 36).
 */
function register(d: Extract<PetitionCommand, { type: 'RegisterPetition' }>['data'], state: PetitionState, ctx: PetitionContext): PetitionEvent[] | DomainError {
  if (state.status !== 'none') return refuse('already_registered', '信访事项已登记 / petition already registered');
  if (d.channel === 'visit' && d.petitioners.length > MAX_GROUP_VISIT_REPRESENTATIVES) {
    return refuse('too_many_representatives', `走访代表不超过${MAX_GROUP_VISIT_REPRESENTATIVES}人 / a group visit sends at most ${MAX_GROUP_VISIT_REPRESENTATIVES} representatives`);
  }
  if (d.receivedAt && isAfter(d.receivedAt, ctx.now)) return refuse('received_in_future', '收到时间不能晚于当前时间 / received in the future');
  const now = ctx.now.toISOString();
  const base = { petitionId: d.petitionId, caseCode: d.caseCode };
  const { earlier, receivedAt, groupVisit, ...rest } = d;
  const events: PetitionEvent[] = [{ type: 'PetitionRegistered', data: { ...rest, ...(groupVisit ? { groupVisit } : {}), receivedAt: receivedAt ? iso(receivedAt) : now } }];

  const idHashes = d.petitioners.flatMap((p) => (p.idHash ? [p.idHash] : []));
  const repeats = findRepeats(idHashes, d.matter, earlier.filter((e) => e.petitionId !== d.petitionId));
  if (repeats.length > 0) {
    events.push({ type: 'PetitionRepeatDetected', data: { ...base, repeatOf: repeats.map(({ petitionId, caseCode, basis }) => ({ petitionId, caseCode, basis })) } });
  }
  if (repeats.some((r) => r.finallyReviewed)) {
    events.push({
      type: 'PetitionDeclined',
      data: { ...base, reason: 'matter_finally_reviewed', explanation: '该事项已经复核终结，不再受理 / this matter has been re-reviewed and is final; it is not accepted again', decidedAt: now, withinWindow: true },
    });
  }
  return events;
}

/** Petitions that were accepted and are not yet resolved are where the heavier tools apply. */
function requireActive(state: PetitionState): DomainError | undefined {
  if (state.status === 'none' || !petition.isActivePetition(state.status)) {
    return refuse('petition_not_active', `信访事项状态为${state.status}，不能办理 / only an accepted, unresolved petition can be acted on`);
  }
  return undefined;
}

/** A request is dated no earlier than what it answers, not in the future, and within its window. */
function checkRequest(requestedAt: string, from: string, days: number, now: Date, reason: string, message: string): DomainError | undefined {
  if (isAfter(requestedAt, now)) return refuse('requested_in_future', '申请时间不能晚于当前时间 / a request cannot be dated in the future');
  if (Date.parse(requestedAt) < Date.parse(from)) return refuse('requested_before_decision', '申请时间早于所针对的答复 / a request cannot predate what it challenges');
  if (!withinDays(from, new Date(requestedAt), days)) return refuse(reason, message);
  return undefined;
}

const refuse = (reason: string, message: string) => new DomainError(reason, message);
const withinDays = (fromIso: string, at: Date, days: number) => at.getTime() - Date.parse(fromIso) <= days * DAY;
const isAfter = (isoTime: string, now: Date) => Date.parse(isoTime) > now.getTime();
const iso = (t: string) => new Date(t).toISOString();
