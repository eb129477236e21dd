import { createHash, randomUUID } from 'node:crypto';
import { commandEnvelope, findFirstAnswer, fold, handleCommand, nameBasedUuid, toEventData, type Caller, type CommandEnvelope, type CommandResult, type EventCodec } from '@zz/commands';
import { canSee, DomainError, petition, intake, type Actor, type PetitionEvent, type RegionDirectory } from '@zz/contracts';
import { WrongExpectedRevisionError, type EventStore, type RecordedEvent } from '@zz/eventstore';
import { CaseCodeAllocator, chinaYear, disputeDecider, intakeCodec, sealParties, type PersonalDataVault } from '@zz/intake';
import { PersonErasedError } from '@zz/keystore';
import type { z } from 'zod';
import type { PetitionCommand, PetitionContext, SealedText } from '../domain/commands.js';
import { petitionDecider } from '../domain/decider.js';
import { findRepeats } from '../domain/repeat.js';
import type { PetitionState } from '../domain/state.js';
import type { PetitionIndex } from './petition-index.js';

export const petitionCodec: EventCodec<PetitionEvent> = {
  decode: (r) => petition.decodePetitionEvent(r),
  schemaVersion: (type) => petition.PETITION_SCHEMA_VERSIONS[type],
};

export interface PetitionServiceDeps {
  store: EventStore;
  vault: PersonalDataVault;
  regions: RegionDirectory;
  /** The petition index (repeat detection); the service does not own it: close it yourself. */
  index: PetitionIndex;
  now: () => Date;
  /**
   * The case-code allocator. Petitions and disputes draw from the same per-center-year sequence
   * (one case code per case), so pass the runtime's shared allocator if there is one; a separate
   * allocator stays correct (it re-reads the counter on conflict) but contends with intake's.
   */
  caseCodes?: CaseCodeAllocator;
}

/** A petition command as the API takes it: clear bodies; the service seals, hashes and numbers them. */
export type PetitionAction =
  | { type: 'AcceptPetition'; body: z.infer<typeof petition.AcceptPetition> }
  | { type: 'DeclinePetition'; body: z.infer<typeof petition.DeclinePetition> }
  | { type: 'MarkBacklog'; body: z.infer<typeof petition.MarkBacklog> }
  | { type: 'AssignResponsibleLeader'; body: z.infer<typeof petition.AssignResponsibleLeader> }
  | { type: 'SignResponsibilityStatement'; body: z.infer<typeof petition.SignResponsibilityStatement> }
  | { type: 'ListForSupervision'; body: z.infer<typeof petition.ListForSupervision> }
  | { type: 'LiftSupervision'; body: z.infer<typeof petition.LiftSupervision> }
  | { type: 'RecordAdmonishingInterview'; body: z.infer<typeof petition.RecordAdmonishingInterview> }
  | { type: 'CirculateNotice'; body: z.infer<typeof petition.CirculateNotice> }
  | { type: 'AnswerPetition'; body: z.infer<typeof petition.AnswerPetition> }
  | { type: 'RequestReview'; body: z.infer<typeof petition.RequestReview> }
  | { type: 'DecideReview'; body: z.infer<typeof petition.DecideReview> }
  | { type: 'RequestReReview'; body: z.infer<typeof petition.RequestReReview> }
  | { type: 'DecideReReview'; body: z.infer<typeof petition.DecideReReview> }
  | { type: 'ResolvePetition'; body: z.infer<typeof petition.ResolvePetition> }
  | { type: 'DivertToLegalChannel'; body: z.infer<typeof petition.DivertToLegalChannel> };

export interface RegisteredPetition {
  petitionId: string;
  caseCode: string;
  revision: bigint;
  position: bigint;
  status: petition.PetitionStatus;
  repeatOf: string[];
  replayed: boolean;
}

export interface LoadedPetition {
  state: PetitionState;
  revision: bigint;
  events: RecordedEvent[];
}

/** The referenced dispute could not be used: unknown, or outside the caller's sight (→ 400 on body.disputeId). */
export class UnknownDisputeError extends Error {
  constructor() {
    super('unknown dispute');
    this.name = 'UnknownDisputeError';
  }
}

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The petition application service: seals petitioners' data, finds earlier petitions of the same
 * people in the index and hands them to the decider, gives the petition its case code (the linked
 * dispute's, the original petition's for a repeat, or a new one), and runs the decider.
 */
export class PetitionService {
  readonly #caseCodes: CaseCodeAllocator;
  /** Registrations run one at a time in this process, so each sees the one before it in the index. */
  #registering: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: PetitionServiceDeps) {
    this.#caseCodes = deps.caseCodes ?? new CaseCodeAllocator(deps.store);
  }

  register(body: petition.RegisterPetition, caller: Caller): Promise<RegisteredPetition> {
    const run = this.#registering.then(() => this.#register(body, caller));
    this.#registering = run.catch(() => {});
    return run;
  }

  async #register(body: petition.RegisterPetition, caller: Caller): Promise<RegisteredPetition> {
    const { store, vault, index } = this.deps;
    const envelope = commandEnvelope('RegisterPetition', body, caller);
    // With an Idempotency-Key the new petition's id is derived from it, so a retry finds the first one.
    const petitionId = caller.idempotencyKey ? nameBasedUuid(`petition-register:${caller.actor.userId}`, caller.idempotencyKey) : randomUUID();
    const streamId = petition.petitionStream(petitionId);
    if (caller.idempotencyKey) {
      const replay = await this.#replay(streamId, envelope);
      if (replay) return replay;
    }

    const dispute = body.disputeId ? await this.#dispute(body.disputeId, caller.actor) : undefined;
    const matter: petition.PetitionMatter = {
      subjectArea: body.subjectArea,
      ...(dispute ? { linkedCaseCode: dispute.caseCode, linkedDisputeId: dispute.caseId } : {}),
      ...(body.matterKey ? { key: petition.normaliseMatterKey(body.matterKey) } : {}),
    };
    const { parties, description } = await sealParties(
      vault,
      body.petitioners.map((p) => ({ role: 'applicant' as const, kind: p.kind, details: p.details })),
      body.description,
    );
    const idHashes = parties.flatMap((p) => (p.idHash ? [p.idHash] : []));

    await index.current();
    const earlier = index.petitionsOf(idHashes);
    const now = this.deps.now();
    const ctx = this.#context(caller.actor, now);
    const decideFor = (caseCode: string) => {
      const command: PetitionCommand = {
        type: 'RegisterPetition',
        data: {
          petitionId,
          caseCode,
          centerCode: caller.actor.centerCode,
          areaCode: body.areaCode,
          channel: body.channel,
          title: body.title,
          description,
          petitioners: parties,
          ...(body.groupVisit ? { groupVisit: body.groupVisit } : {}),
          matter,
          ...(body.receivedAt ? { receivedAt: body.receivedAt } : {}),
          earlier,
        },
      };
      const events = petitionDecider.decide(command, petitionDecider.initialState, ctx);
      if (events instanceof DomainError) throw events;
      return events;
    };
    decideFor('pending'); // refuse before a case code is spent on it

    // One case code per case: the linked dispute's, else the matter's original petition's, else a new one.
    const joined = dispute?.caseCode ?? findRepeats(idHashes, matter, earlier)[0]?.caseCode;
    let revision: bigint;
    let position: bigint;
    let caseCode: string;
    let events: PetitionEvent[];
    if (joined) {
      caseCode = joined;
      events = decideFor(joined);
      try {
        const r = await store.append(streamId, toEventData(events, envelope, joined, { codec: petitionCodec, now: () => now }), { expectedRevision: 'no_stream' });
        ({ nextRevision: revision, position } = r);
      } catch (err) {
        // The same Idempotency-Key raced us here: answer with what the first one wrote.
        const replay = err instanceof WrongExpectedRevisionError ? await this.#replay(streamId, envelope) : undefined;
        if (replay) return replay;
        throw err;
      }
    } else {
      let built: PetitionEvent[] = [];
      try {
        const r = await this.#caseCodes.register(caller.actor.centerCode, chinaYear(now), {
          caseId: petitionId,
          streamId,
          build: (code) => {
            built = decideFor(code);
            return toEventData(built, envelope, code, { codec: petitionCodec, now: () => now });
          },
        });
        ({ caseCode, revision, position } = r);
      } catch (err) {
        // The same Idempotency-Key raced us: answer with what the first one wrote.
        const replay = err instanceof WrongExpectedRevisionError && err.streamId === streamId ? await this.#replay(streamId, envelope) : undefined;
        if (replay) return replay;
        throw err;
      }
      events = built;
    }
    await index.reach(position);
    const state = fold(petitionDecider, events);
    return { petitionId, caseCode, revision, position, status: state.status as petition.PetitionStatus, repeatOf: state.repeatOf.map((r) => r.petitionId), replayed: false };
  }

  /** Any command on an existing petition. `authorize` runs on the current state before deciding (jurisdiction, role). */
  async execute(petitionId: string, action: PetitionAction, caller: Caller, authorize?: (state: PetitionState) => void): Promise<CommandResult<PetitionEvent>> {
    const envelope = commandEnvelope(action.type, action.body, caller);
    const command = await this.#toCommand(petitionId, action, authorize);
    return handleCommand(
      { store: this.deps.store, codec: petitionCodec, now: this.deps.now },
      petitionDecider,
      petition.petitionStream(petitionId),
      command,
      envelope,
      this.#context(caller.actor, this.deps.now()),
      (s) => s.caseCode,
      authorize,
    );
  }

  /** What the decider would answer to this (decider-shaped) command on this state; nothing is appended. For allowedActions. */
  dryRun(command: Exclude<PetitionCommand, { type: 'RegisterPetition' }>, state: PetitionState, actor: Actor) {
    return petitionDecider.decide(command, state, this.#context(actor, this.deps.now()));
  }

  now(): Date {
    return this.deps.now();
  }

  async load(petitionId: string): Promise<LoadedPetition | undefined> {
    const events = await this.deps.store.readStream(petition.petitionStream(petitionId));
    if (events.length === 0) return undefined;
    let state = petitionDecider.initialState;
    for (const r of events) {
      const e = petitionCodec.decode(r);
      if (e) state = petitionDecider.evolve(state, e);
    }
    return { state, revision: events[events.length - 1]!.revision, events };
  }

  /** Clear bodies → decider commands: texts sealed under the first petitioner's key, statements hashed, ids made. */
  async #toCommand(petitionId: string, action: PetitionAction, authorize?: (state: PetitionState) => void): Promise<Exclude<PetitionCommand, { type: 'RegisterPetition' }>> {
    switch (action.type) {
      case 'AnswerPetition':
      case 'DecideReview':
      case 'DecideReReview': {
        const sealedText = await this.#sealForPetitioner(petitionId, action.body.text, authorize);
        if (action.type === 'AnswerPetition') return { type: action.type, data: sealedText };
        return { type: action.type, data: { ...sealedText, outcome: action.body.outcome } };
      }
      case 'AcceptPetition': {
        // The accept note is staff free text: sealed under the first petitioner's key (README: Personal data).
        const note = action.body.note;
        if (!note) return { type: action.type, data: action.body };
        return { type: action.type, data: { ...action.body, note: (await this.#sealForPetitioner(petitionId, note, authorize)).text } };
      }
      case 'SignResponsibilityStatement': {
        // Kept sealed (under the first petitioner's key, like every text of the file), the hash alongside.
        const sealed = await this.#sealForPetitioner(petitionId, action.body.statementText, authorize);
        return { type: action.type, data: { statementSha256: sealed.textSha256, statement: sealed.text } };
      }
      case 'ListForSupervision':
        return { type: action.type, data: { ...action.body, supervisionId: randomUUID() } };
      default:
        return { type: action.type, data: action.body } as Exclude<PetitionCommand, { type: 'RegisterPetition' }>;
    }
  }

  async #sealForPetitioner(petitionId: string, text: string, authorize?: (state: PetitionState) => void): Promise<SealedText> {
    const loaded = await this.load(petitionId);
    // Unknown petitions fall through to handleCommand's 404; checks run before anything is sealed.
    if (!loaded) return { text: { keyId: 'none', ciphertext: 'none' }, textSha256: sha256Hex(text) };
    authorize?.(loaded.state);
    const first = loaded.state.petitioners[0]!;
    try {
      return { text: this.deps.vault.seal(first.personId, text), textSha256: sha256Hex(text) };
    } catch (err) {
      if (err instanceof PersonErasedError) throw new DomainError('petitioner_erased', '信访人信息已删除，无法加密保存文书 / the petitioner was erased; the text cannot be sealed for them');
      throw err;
    }
  }

  async #replay(streamId: string, envelope: CommandEnvelope): Promise<RegisteredPetition | undefined> {
    const existing = await this.deps.store.readStream(streamId);
    const first = existing.length ? findFirstAnswer(existing, envelope, petitionCodec) : undefined;
    if (!first) return undefined;
    const state = fold(petitionDecider, first.events);
    return {
      petitionId: state.petitionId,
      caseCode: state.caseCode,
      revision: first.revision,
      position: first.position,
      status: state.status as petition.PetitionStatus,
      repeatOf: state.repeatOf.map((r) => r.petitionId),
      replayed: true,
    };
  }

  /** The dispute a petition is about, if the caller can see it. */
  async #dispute(caseId: string, actor: Actor): Promise<{ caseId: string; caseCode: string }> {
    const recorded = await this.deps.store.readStream(intake.disputeStream(caseId));
    const state = fold(
      disputeDecider,
      recorded.map((r) => intakeCodec.decode(r)).filter((e) => e !== undefined),
    );
    if (state.status === 'none' || !canSee(this.deps.regions, actor.centerCode, state)) throw new UnknownDisputeError();
    return { caseId, caseCode: state.caseCode };
  }

  #context(actor: Actor, now: Date): PetitionContext {
    return { now, actor, regions: this.deps.regions };
  }
}
