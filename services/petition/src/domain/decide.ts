import { checkDated, DomainError, InvalidDateError, petition, type PetitionEvent } from '@zz/contracts';
import type { PetitionCommand, PetitionContext } from './commands.js';
import { findRepeats } from './repeat.js';
import { checkReviewOffice, higherOffice } from './review-tier.js';
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
      if (state.status !== 'registered') return refuse('not_awaiting_acceptance', `信访事项状态为「${statusZh(state.status)}」，不能受理 / only a registered petition can be accepted`);
      return [
        {
          type: 'PetitionAccepted',
          data: { ...base, ...(command.data.note ? { note: command.data.note } : {}), decidedAt: now, withinWindow: withinDays(state.receivedAt, ctx.now, W.acceptanceDays) },
        },
      ];
    }

    case 'DeclinePetition': {
      if (state.status !== 'registered') return refuse('not_awaiting_acceptance', `信访事项状态为「${statusZh(state.status)}」，不能不予受理 / only a registered petition can be declined`);
      const d = command.data;
      return [
        {
          type: 'PetitionDeclined',
          data: {
            ...base,
            reason: d.reason,
            explanation: d.explanation,
            ...(d.redirectChannel ? { redirectChannel: d.redirectChannel } : {}),
            decidedAt: now,
            withinWindow: withinDays(state.receivedAt, ctx.now, W.acceptanceDays),
          },
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
      return [
        {
          type: 'ResponsibilityStatementSigned',
          data: { ...base, leaderUserId: ctx.actor.userId, signedAt: now, statementSha256: command.data.statementSha256, ...(command.data.statement ? { statement: command.data.statement } : {}) },
        },
      ];
    }

    case 'ListForSupervision': {
      const inactive = requireActive(state);
      if (inactive) return inactive;
      if (Object.values(state.supervisions).some((s) => !s.lifted)) return refuse('already_listed', '已在挂牌督办中 / already under listed supervision');
      if (!isAfter(command.data.dueAt, ctx.now)) return refuse('due_date_in_past', '督办期限须晚于当前时间 / the supervision deadline must be in the future');
      const { supervisionId, dueAt, instructions } = command.data;
      // The clock of a listed supervision is the supervised unit's (the petition's handling center), not the supervisor's.
      return [
        { type: 'PetitionListedForSupervision', data: { ...base, supervisionId, supervisingCenter: ctx.actor.centerCode, supervisedCenter: state.handlingCenter, dueAt: iso(dueAt), instructions } },
      ];
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
      const misdated = checkDated('heldAt', command.data.heldAt, ctx.now, [[state.decision?.decidedAt, '受理时间', 'the acceptance']]);
      if (misdated) return misdated;
      const { interviewee, heldAt, summary } = command.data;
      return [{ type: 'AdmonishingInterviewHeld', data: { ...base, interviewingCenter: ctx.actor.centerCode, interviewee, heldAt: iso(heldAt), summary } }];
    }

    case 'CirculateNotice': {
      const inactive = requireActive(state);
      if (inactive) return inactive;
      return [{ type: 'NoticeCirculated', data: { ...base, issuingCenter: ctx.actor.centerCode, scope: command.data.scope, summary: command.data.summary } }];
    }

    case 'AnswerPetition':
      if (state.status !== 'accepted') return refuse('not_awaiting_answer', `信访事项状态为「${statusZh(state.status)}」，不能答复 / only an accepted petition is answered`);
      return [{ type: 'PetitionAnswered', data: { ...base, text: command.data.text, textSha256: command.data.textSha256, answeredAt: now, answeringCenter: ctx.actor.centerCode } }];

    case 'RequestReview': {
      if (state.status !== 'answered' || !state.answer) return refuse('not_answered', '书面答复后才能申请复查 / review follows a written answer');
      const requestedAt = command.data.requestedAt ? iso(command.data.requestedAt) : now;
      const late = checkRequest(
        requestedAt,
        state.answer.answeredAt,
        W.reviewRequestDays,
        ctx.now,
        'review_window_closed',
        '收到书面答复之日起30日内申请复查 / review must be requested within 30 days of the answer',
      );
      if (late) return late;
      // Art. 35: the review goes to the office one level above the one that answered.
      const reviewingCenter = higherOffice(ctx.regions, state.answer.answeringCenter ?? state.handlingCenter);
      if (!reviewingCenter) return noHigherOffice('复查', 'review');
      return [{ type: 'PetitionReviewRequested', data: { ...base, requestedAt, ...(command.data.note ? { note: command.data.note } : {}), reviewingCenter } }];
    }

    case 'DecideReview': {
      if (state.status !== 'review_requested' || !state.review) return refuse('no_review_pending', '没有待决的复查申请 / no review request pending');
      const wrongOffice = checkReviewOffice(ctx.regions, state.review.reviewingCenter, ctx.actor.centerCode, { zh: '复查', en: 'review' });
      if (wrongOffice) return wrongOffice;
      const { outcome, text, textSha256 } = command.data;
      return [
        {
          type: 'PetitionReviewDecided',
          data: { ...base, outcome, text, textSha256, decidedAt: now, withinWindow: withinDays(state.review.requestedAt, ctx.now, W.reviewDecisionDays), decidingCenter: ctx.actor.centerCode },
        },
      ];
    }

    case 'RequestReReview': {
      if (state.status !== 'reviewed' || !state.review?.decidedAt) return refuse('not_reviewed', '复查意见作出后才能申请复核 / re-review follows a review decision');
      const requestedAt = command.data.requestedAt ? iso(command.data.requestedAt) : now;
      const late = checkRequest(
        requestedAt,
        state.review.decidedAt,
        W.reReviewRequestDays,
        ctx.now,
        're_review_window_closed',
        '收到复查意见之日起30日内申请复核 / re-review must be requested within 30 days of the review decision',
      );
      if (late) return late;
      // Art. 36: the re-review goes to the office one level above the reviewer.
      const reviewer = state.review.decidingCenter ?? state.review.reviewingCenter;
      const reviewingCenter = reviewer ? higherOffice(ctx.regions, reviewer) : undefined;
      if (reviewer && !reviewingCenter) return noHigherOffice('复核', 're-review');
      return [{ type: 'PetitionReReviewRequested', data: { ...base, requestedAt, ...(command.data.note ? { note: command.data.note } : {}), ...(reviewingCenter ? { reviewingCenter } : {}) } }];
    }

    case 'DecideReReview': {
      if (state.status !== 're_review_requested' || !state.reReview) return refuse('no_re_review_pending', '没有待决的复核申请 / no re-review request pending');
      const wrongOffice = checkReviewOffice(ctx.regions, state.reReview.reviewingCenter, ctx.actor.centerCode, { zh: '复核', en: 're-review' });
      if (wrongOffice) return wrongOffice;
      const { outcome, text, textSha256 } = command.data;
      return [
        {
          type: 'PetitionReReviewDecided',
          data: { ...base, outcome, text, textSha256, decidedAt: now, withinWindow: withinDays(state.reReview.requestedAt, ctx.now, W.reReviewDecisionDays), decidingCenter: ctx.actor.centerCode },
        },
      ];
    }

    case 'DivertToLegalChannel': {
      // 诉访分离: only before the administrative answer; a matter already answered went down the review path.
      if (state.status !== 'registered' && state.status !== 'accepted') {
        return refuse(
          'not_divertible',
          `信访事项状态为「${statusZh(state.status)}」，已进入行政办理程序，不能再导入法定途径 / only a registered or accepted, unanswered petition can be diverted to the legal channel`,
        );
      }
      const d = command.data;
      if (d.mode === 'transferred' && !d.unit) return new InvalidDateError('unit', 'unit_required', '转交时须写明接收的政法单位 / name the political-legal unit');
      return [
        {
          type: 'PetitionDivertedToLegalChannel',
          data: { ...base, legalChannel: d.legalChannel, mode: d.mode, ...(d.unit ? { unit: d.unit } : {}), explanation: d.explanation, divertingCenter: ctx.actor.centerCode, divertedAt: now },
        },
      ];
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
  const misdated = d.receivedAt ? checkDated('receivedAt', d.receivedAt, ctx.now) : undefined;
  if (misdated) return misdated;
  const now = ctx.now.toISOString();
  const base = { petitionId: d.petitionId, caseCode: d.caseCode };
  const { earlier, receivedAt, groupVisit, ...rest } = d;
  const events: PetitionEvent[] = [{ type: 'PetitionRegistered', data: { ...rest, ...(groupVisit ? { groupVisit } : {}), receivedAt: receivedAt ? iso(receivedAt) : now } }];

  const idHashes = d.petitioners.flatMap((p) => (p.idHash ? [p.idHash] : []));
  const repeats = findRepeats(
    idHashes,
    d.matter,
    earlier.filter((e) => e.petitionId !== d.petitionId),
  );
  if (repeats.length > 0) {
    events.push({ type: 'PetitionRepeatDetected', data: { ...base, repeatOf: repeats.map(({ petitionId, caseCode, basis }) => ({ petitionId, caseCode, basis })) } });
  }
  if (repeats.some((r) => r.finallyReviewed)) {
    events.push({
      type: 'PetitionDeclined',
      data: {
        ...base,
        reason: 'matter_finally_reviewed',
        explanation: '该事项已经复核终结，不再受理 / this matter has been re-reviewed and is final; it is not accepted again',
        decidedAt: now,
        withinWindow: true,
      },
    });
  }
  return events;
}

/** Petitions that were accepted and are not yet resolved are where the heavier tools apply. */
function requireActive(state: PetitionState): DomainError | undefined {
  if (state.status === 'none' || !petition.isActivePetition(state.status)) {
    return refuse('petition_not_active', `信访事项状态为「${statusZh(state.status)}」，不能办理 / only an accepted, unresolved petition can be acted on`);
  }
  return undefined;
}

/** A request is dated no earlier than what it answers, not in the future, and within its window. */
function checkRequest(requestedAt: string, from: string, days: number, now: Date, reason: string, message: string): DomainError | undefined {
  const misdated = checkDated('requestedAt', requestedAt, now, [[from, '所针对的答复或意见', 'what it challenges']]);
  if (misdated) return misdated;
  if (!withinDays(from, new Date(requestedAt), days)) return refuse(reason, message);
  return undefined;
}

const refuse = (reason: string, message: string) => new DomainError(reason, message);
const statusZh = (s: PetitionState['status']) => (s === 'none' ? '未登记' : petition.PETITION_STATUS_LABELS[s].zh);
const noHigherOffice = (zh: string, en: string) =>
  refuse(
    'no_higher_office',
    `${zh}由上一级机关办理；市级以上为省级信访工作机构，不在本系统内办理 / the ${en} goes to the office one level up: above the city that is the provincial office, outside this system`,
  );
const withinDays = (fromIso: string, at: Date, days: number) => at.getTime() - Date.parse(fromIso) <= days * DAY;
const isAfter = (isoTime: string, now: Date) => Date.parse(isoTime) > now.getTime();
const iso = (t: string) => new Date(t).toISOString();
