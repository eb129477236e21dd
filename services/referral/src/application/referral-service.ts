import { creationId, handleCommand, handleCreate, StreamNotFoundError, type CommandResult, type EventCodec } from '@zz/commands';
import { DomainError, mediation, referral, type PersonalDataVault, type ReferralEvent, type Sealed } from '@zz/contracts';
import type { EventStore, RecordedEvent } from '@zz/eventstore';
import type { DisputeState } from '@zz/intake';
import { commandEnvelope, type Caller } from '@zz/commands';
import { disputeFacts, disputeFor, mediationCodec, mediationDecider, type DisputeLookup, type MediationState } from '@zz/mediation';
import type { ReferralCommand } from '../domain/commands.js';
import { referralDecider } from '../domain/decider.js';
import type { ReferralState } from '../domain/state.js';

export const referralCodec: EventCodec<ReferralEvent> = {
  decode: (r) => referral.decodeReferralEvent(r),
  schemaVersion: (type) => referral.REFERRAL_SCHEMA_VERSIONS[type],
};

export interface ReferralServiceDeps {
  store: EventStore;
  vault: PersonalDataVault;
  disputes: DisputeLookup;
  now: () => Date;
}

/** A command on an existing referral as the API takes it: free text in clear, sealed here before deciding. */
export type ReferralRequest =
  | { type: 'AcceptReferral'; data: { preFilingNumber: string; mediatorId: string; acceptedAt: string } }
  | { type: 'AcceptConfirmationApplication'; data: { acceptedAt: string; caseNumber?: string } }
  | { type: 'RefuseConfirmationApplication'; data: { refusedAt: string; reason: string } }
  | { type: 'RecordSettlement'; data: referral.RecordSettlement }
  | { type: 'RecordReferralFailure'; data: { reason: referral.ReferralFailureReasonValue; note?: string } }
  | { type: 'ApplyForConfirmation'; data: { applicants: string[]; appliedAt: string } }
  | { type: 'RuleOnConfirmation'; data: referral.RuleOnConfirmation }
  | { type: 'FileCase'; data: { caseNumber: string; filedAt: string; note?: string } };

const SEALED_FIELDS: Record<ReferralRequest['type'], readonly string[]> = {
  AcceptReferral: [],
  AcceptConfirmationApplication: [],
  RefuseConfirmationApplication: ['reason'],
  RecordSettlement: ['terms'],
  RecordReferralFailure: ['note'],
  ApplyForConfirmation: [],
  RuleOnConfirmation: ['reason'],
  FileCase: ['note'],
};

export interface LoadedReferral {
  state: ReferralState;
  revision: bigint;
  events: RecordedEvent[];
}

export interface Referred {
  referralId: string;
  caseCode: string;
  revision: bigint;
  position: bigint;
  replayed: boolean;
}

/** The referral application service (诉前调解): copies the dispute's facts in, seals free text, runs the decider. */
export class ReferralService {
  constructor(private readonly deps: ReferralServiceDeps) {}

  /** Refers a dispute to a court. `authorize` sees the dispute first and throws to refuse. */
  async refer(body: referral.ReferToCourt, caller: Caller, authorize?: (dispute: DisputeState) => void): Promise<Referred> {
    const envelope = commandEnvelope('ReferToCourt', body, caller);
    const referralId = creationId('refer-to-court', envelope);
    const streamId = referral.referralStream(referralId);
    const d = await disputeFor(this.deps.disputes, body.caseId, authorize);
    const now = this.deps.now();
    const command: ReferralCommand = {
      type: 'ReferToCourt',
      data: {
        ...body,
        referralId,
        ...disputeFacts(d),
      },
    };
    // A retry with the same Idempotency-Key (even one racing the first) answers with the first referral.
    const r = await handleCreate({ store: this.deps.store, codec: referralCodec, now: () => now }, referralDecider, {
      streamId,
      command,
      envelope,
      context: { now, actor: caller.actor },
      caseCode: d.caseCode,
    });
    return { referralId, caseCode: r.caseCode, revision: r.revision, position: r.position, replayed: r.replayed };
  }

  /**
   * A mediation agreement (people's mediation included) submitted for judicial confirmation (人民调解法
   * art. 33): a referral file that starts at the joint application. `authorize` sees the mediation file first.
   */
  async submitAgreement(body: referral.ApplyToConfirmAgreement, caller: Caller, authorize?: (file: MediationState) => void): Promise<Referred> {
    const envelope = commandEnvelope('SubmitAgreementForConfirmation', body, caller);
    const referralId = creationId('confirm-agreement', envelope);
    const streamId = referral.referralStream(referralId);
    const file = await this.#mediation(body.mediationId);
    authorize?.(file);
    const now = this.deps.now();
    const command: ReferralCommand = {
      type: 'SubmitAgreementForConfirmation',
      data: {
        referralId,
        caseId: file.caseId,
        caseCode: file.caseCode,
        areaCode: file.areaCode,
        handlingCenter: file.handlingCenter,
        category: file.category ?? 'other',
        parties: file.parties,
        narratorId: file.narratorId,
        court: body.court,
        mediationId: body.mediationId,
        agreement: file.agreement ? { signedAt: file.agreement.signedAt } : null,
        applicants: body.applicants,
        appliedAt: body.appliedAt,
      },
    };
    const r = await handleCreate({ store: this.deps.store, codec: referralCodec, now: () => now }, referralDecider, {
      streamId,
      command,
      envelope,
      context: { now, actor: caller.actor },
      caseCode: file.caseCode,
    });
    return { referralId, caseCode: r.caseCode, revision: r.revision, position: r.position, replayed: r.replayed };
  }

  async #mediation(mediationId: string): Promise<MediationState> {
    const streamId = mediation.mediationStream(mediationId);
    const recorded = await this.deps.store.readStream(streamId);
    if (recorded.length === 0) throw new StreamNotFoundError(streamId);
    let state = mediationDecider.initialState;
    for (const r of recorded) {
      const e = mediationCodec.decode(r);
      if (e) state = mediationDecider.evolve(state, e);
    }
    return state;
  }

  /** Any command on an existing referral. `authorize` runs on the current state before deciding. */
  async execute(referralId: string, request: ReferralRequest, caller: Caller, authorize?: (state: ReferralState) => void): Promise<CommandResult<ReferralEvent>> {
    const envelope = commandEnvelope(request.type, request.data, caller);
    const streamId = referral.referralStream(referralId);
    const loaded = await this.load(referralId);
    if (!loaded) throw new StreamNotFoundError(streamId);
    authorize?.(loaded.state);
    const command = this.#seal(request, loaded.state.narratorId);
    return handleCommand(
      { store: this.deps.store, codec: referralCodec, now: this.deps.now },
      referralDecider,
      streamId,
      command,
      envelope,
      { now: this.deps.now(), actor: caller.actor },
      (s) => s.caseCode,
      authorize,
    );
  }

  /** What the decider would answer on this state (nothing is appended; free text left unsealed): for allowedActions. */
  dryRun(request: ReferralRequest, state: ReferralState, actor: Caller['actor']) {
    return referralDecider.decide(request as never, state, { now: this.deps.now(), actor });
  }

  now(): Date {
    return this.deps.now();
  }

  async load(referralId: string): Promise<LoadedReferral | undefined> {
    const events = await this.deps.store.readStream(referral.referralStream(referralId));
    if (events.length === 0) return undefined;
    let state = referralDecider.initialState;
    for (const r of events) {
      const e = referralCodec.decode(r);
      if (e) state = referralDecider.evolve(state, e);
    }
    return { state, revision: events[events.length - 1]!.revision, events };
  }

  #seal(request: ReferralRequest, narratorId: string): Exclude<ReferralCommand, { type: 'ReferToCourt' }> {
    const data: Record<string, unknown> = { ...request.data };
    for (const field of SEALED_FIELDS[request.type]) {
      const text = data[field];
      if (typeof text === 'string') data[field] = this.#sealText(narratorId, text);
    }
    return { type: request.type, data } as Exclude<ReferralCommand, { type: 'ReferToCourt' }>;
  }

  #sealText(narratorId: string, text: string): Sealed {
    try {
      return this.deps.vault.seal(narratorId, text);
    } catch {
      throw new DomainError('narrator_erased', '当事人个人信息已删除，不能再记录文字内容 / the party whose key seals this file was erased: free text can no longer be recorded');
    }
  }
}
