import { creationId, handleCommand, handleCreate, StreamNotFoundError, type CommandResult, type EventCodec } from '@zz/commands';
import { DomainError, mediation, type MediationEvent, type PersonalDataVault, type Sealed } from '@zz/contracts';
import type { EventStore, RecordedEvent } from '@zz/eventstore';
import type { DisputeState } from '@zz/intake';
import type { MediationCommand, MediationContext } from '../domain/commands.js';
import { mediationDecider } from '../domain/decider.js';
import type { MediationState } from '../domain/state.js';
import { commandEnvelope, type Caller } from '@zz/commands';
import { disputeFacts, disputeFor, type DisputeLookup } from './dispute-lookup.js';

export const mediationCodec: EventCodec<MediationEvent> = {
  decode: (r) => mediation.decodeMediationEvent(r),
  schemaVersion: (type) => mediation.MEDIATION_SCHEMA_VERSIONS[type],
};

export interface MediationServiceDeps {
  store: EventStore;
  vault: PersonalDataVault;
  disputes: DisputeLookup;
  now: () => Date;
}

/** A command on an existing file as the API takes it: free text in clear, sealed here before deciding. */
export type MediationRequest =
  | { type: 'AssignMediator'; data: { mediatorId: string } }
  | { type: 'RecordSession'; data: mediation.RecordSession }
  | { type: 'NoteProgress'; data: { note: string } }
  | { type: 'ExtendMediation'; data: mediation.ExtendMediation }
  | { type: 'RecordRefusal'; data: { personId: string; statedAt: string; statement?: string } }
  | { type: 'ReachAgreement'; data: mediation.ReachAgreement }
  | { type: 'RecordFailure'; data: { reason: mediation.FailureReasonValue; note?: string } }
  | { type: 'RecordPerformance'; data: { status: mediation.PerformanceStatusValue; checkedAt: string; note?: string } }
  | { type: 'CloseMediation'; data: { note?: string } };

/** Which fields of each command are free text (and so sealed). */
const SEALED_FIELDS: Record<MediationRequest['type'], readonly string[]> = {
  AssignMediator: [],
  RecordSession: ['notes'],
  NoteProgress: ['note'],
  ExtendMediation: ['reason'],
  RecordRefusal: ['statement'],
  ReachAgreement: ['terms'],
  RecordFailure: ['note'],
  RecordPerformance: ['note'],
  CloseMediation: ['note'],
};

export interface LoadedMediation {
  state: MediationState;
  revision: bigint;
  events: RecordedEvent[];
}

export interface Opened {
  mediationId: string;
  caseCode: string;
  revision: bigint;
  position: bigint;
  replayed: boolean;
}

/** The mediation application service (调解): copies the dispute's facts in, seals free text, runs the decider. */
export class MediationService {
  constructor(private readonly deps: MediationServiceDeps) {}

  /**
   * Opens a mediation file for a dispute. `authorize` sees the dispute first (jurisdiction, role)
   * and throws to refuse. With an Idempotency-Key the file's id derives from it, so a retry finds the first file.
   */
  async open(body: mediation.OpenMediation, caller: Caller, authorize?: (dispute: DisputeState) => void): Promise<Opened> {
    const envelope = commandEnvelope('OpenMediation', body, caller);
    const mediationId = creationId('open-mediation', envelope);
    const streamId = mediation.mediationStream(mediationId);
    const d = await disputeFor(this.deps.disputes, body.caseId, authorize);
    const now = this.deps.now();
    const command: MediationCommand = {
      type: 'OpenMediation',
      data: {
        ...body,
        mediationId,
        ...disputeFacts(d),
      },
    };
    // A retry with the same Idempotency-Key (even one racing the first) answers with the first file.
    const r = await handleCreate({ store: this.deps.store, codec: mediationCodec, now: () => now }, mediationDecider, {
      streamId,
      command,
      envelope,
      context: { now, actor: caller.actor } satisfies MediationContext,
      caseCode: d.caseCode,
    });
    return { mediationId, caseCode: r.caseCode, revision: r.revision, position: r.position, replayed: r.replayed };
  }

  /** Any command on an existing mediation file. `authorize` runs on the current state before deciding. */
  async execute(mediationId: string, request: MediationRequest, caller: Caller, authorize?: (state: MediationState) => void): Promise<CommandResult<MediationEvent>> {
    const envelope = commandEnvelope(request.type, request.data, caller);
    const streamId = mediation.mediationStream(mediationId);
    // The narrator's key never changes after opening; read it once to seal the free text.
    const loaded = await this.load(mediationId);
    if (!loaded) throw new StreamNotFoundError(streamId);
    authorize?.(loaded.state);
    const command = this.#seal(request, loaded.state.narratorId);
    return handleCommand(
      { store: this.deps.store, codec: mediationCodec, now: this.deps.now },
      mediationDecider,
      streamId,
      command,
      envelope,
      { now: this.deps.now(), actor: caller.actor } satisfies MediationContext,
      (s) => s.caseCode,
      authorize,
    );
  }

  /** What the decider would answer on this state (nothing is appended; free text left unsealed): for allowedActions. */
  dryRun(request: MediationRequest, state: MediationState, actor: Caller['actor']) {
    return mediationDecider.decide(request as Exclude<MediationCommand, { type: 'OpenMediation' }>, state, { now: this.deps.now(), actor } satisfies MediationContext);
  }

  now(): Date {
    return this.deps.now();
  }

  async load(mediationId: string): Promise<LoadedMediation | undefined> {
    const events = await this.deps.store.readStream(mediation.mediationStream(mediationId));
    if (events.length === 0) return undefined;
    let state = mediationDecider.initialState;
    for (const r of events) {
      const e = mediationCodec.decode(r);
      if (e) state = mediationDecider.evolve(state, e);
    }
    return { state, revision: events[events.length - 1]!.revision, events };
  }

  #seal(request: MediationRequest, narratorId: string): Exclude<MediationCommand, { type: 'OpenMediation' }> {
    const data: Record<string, unknown> = { ...request.data };
    for (const field of SEALED_FIELDS[request.type]) {
      const text = data[field];
      if (typeof text === 'string') data[field] = this.#sealText(narratorId, text);
    }
    return { type: request.type, data } as Exclude<MediationCommand, { type: 'OpenMediation' }>;
  }

  #sealText(narratorId: string, text: string): Sealed {
    try {
      return this.deps.vault.seal(narratorId, text);
    } catch {
      // The narrator was erased: nothing new may be written under their key, and nothing in clear.
      throw new DomainError('narrator_erased', '当事人个人信息已删除，不能再记录文字内容 / the party whose key seals this file was erased: free text can no longer be recorded');
    }
  }
}
