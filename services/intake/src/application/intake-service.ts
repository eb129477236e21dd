import { randomUUID } from 'node:crypto';
import { commandEnvelope, findFirstAnswer, handleCommand, nameBasedUuid, toEventData, type Caller, type CommandResult, type EventCodec } from '@zz/commands';
import { DomainError, intake, type Actor, type IntakeEvent, type RegionDirectory } from '@zz/contracts';
import { WrongExpectedRevisionError, type EventStore, type RecordedEvent } from '@zz/eventstore';
import type { IntakeCommand, IntakeContext } from '../domain/commands.js';
import { disputeDecider } from '../domain/decider.js';
import type { RiskPolicy } from '../domain/risk-policy.js';
import type { DisputeState } from '../domain/state.js';
import { CaseCodeAllocator, chinaYear } from './case-code.js';
import { sealParties, type PersonalDataVault } from '@zz/contracts';

export const intakeCodec: EventCodec<IntakeEvent> = {
  decode: (r) => intake.decodeIntakeEvent(r),
  schemaVersion: (type) => intake.INTAKE_SCHEMA_VERSIONS[type],
};

/** The free-text field of a command that staff type into (sealed before it is stored), if any. */
function staffTextField(command: IntakeCommand): string | undefined {
  if (command.type === 'AcceptDispute' || command.type === 'ReportIn') return 'note';
  if (command.type === 'RouteDispute' && command.data.mode === 'whistle') return 'reason';
  return undefined;
}

export interface IntakeServiceDeps {
  store: EventStore;
  vault: PersonalDataVault;
  regions: RegionDirectory;
  riskPolicy: RiskPolicy;
  now: () => Date;
  /** Share one allocator between every service that numbers cases in this process. */
  caseCodes?: CaseCodeAllocator;
}

export interface LoadedDispute {
  state: DisputeState;
  revision: bigint;
  events: RecordedEvent[];
}

/** The intake application service: seals personal data, numbers cases, runs the decider. */
export class IntakeService {
  readonly #allocator: CaseCodeAllocator;

  constructor(private readonly deps: IntakeServiceDeps) {
    this.#allocator = deps.caseCodes ?? new CaseCodeAllocator(deps.store);
  }

  async register(body: intake.RegisterDispute, caller: Caller): Promise<{ caseId: string; caseCode: string; revision: bigint; position: bigint; replayed: boolean }> {
    const envelope = commandEnvelope('RegisterDispute', body, caller);
    // With an Idempotency-Key the new case's id is derived from it, so a retry finds the first case.
    const caseId = caller.idempotencyKey ? nameBasedUuid(`register:${caller.actor.userId}`, caller.idempotencyKey) : randomUUID();
    const streamId = intake.disputeStream(caseId);
    const replay = async () => {
      const first = findFirstAnswer(await this.deps.store.readStream(streamId), envelope, intakeCodec);
      const reg = first?.events.find((e) => e.type === 'DisputeRegistered');
      return first && { caseId, caseCode: reg?.data.caseCode ?? '', revision: first.revision, position: first.position, replayed: true };
    };
    if (caller.idempotencyKey) {
      const first = await replay();
      if (first) return first;
    }
    const { parties, description } = await sealParties(this.deps.vault, body.parties, body.description);
    const { parties: _p, description: _d, ...rest } = body;
    const now = this.deps.now();
    const ctx = this.#context(caller.actor, now);
    const centerCode = caller.actor.centerCode;
    const decideFor = (caseCode: string) => {
      const command: IntakeCommand = { type: 'RegisterDispute', data: { ...rest, caseId, caseCode, centerCode, parties, description } };
      return disputeDecider.decide(command, disputeDecider.initialState, ctx);
    };
    const probe = decideFor('pending');
    if (probe instanceof DomainError) throw probe;
    try {
      const registered = await this.#allocator.register(centerCode, chinaYear(now), {
        caseId,
        streamId,
        build: (caseCode) => {
          const events = decideFor(caseCode);
          if (events instanceof DomainError) throw events;
          return toEventData(events, envelope, caseCode, { codec: intakeCodec, now: () => now });
        },
      });
      return { caseId, ...registered, replayed: false };
    } catch (err) {
      // The same Idempotency-Key raced us (another request, or a retry in another process): its answer is ours.
      const first = err instanceof WrongExpectedRevisionError && err.streamId === streamId ? await replay() : undefined;
      if (first) return first;
      throw err;
    }
  }

  /** Any command on an existing dispute. */
  async execute(caseId: string, clear: Exclude<IntakeCommand, { type: 'RegisterDispute' }>, caller: Caller, authorize?: (state: DisputeState) => void): Promise<CommandResult<IntakeEvent>> {
    // The envelope (and its command hash for Idempotency-Key) is made from the clear command, so a
    // retry matches although each sealing differs.
    const envelope = commandEnvelope(clear.type, clear.data, caller);
    const command = await this.#sealStaffText(caseId, clear);
    return handleCommand(
      { store: this.deps.store, codec: intakeCodec, now: this.deps.now },
      disputeDecider,
      intake.disputeStream(caseId),
      command,
      envelope,
      this.#context(caller.actor, this.deps.now()),
      (s) => s.caseCode,
      authorize,
    );
  }

  /** What the decider would answer to this command on this state (nothing is appended): for allowedActions. */
  dryRun(command: Exclude<IntakeCommand, { type: 'RegisterDispute' }>, state: DisputeState, actor: Actor) {
    return disputeDecider.decide(command, state, this.#context(actor, this.deps.now()));
  }

  now(): Date {
    return this.deps.now();
  }

  async load(caseId: string): Promise<LoadedDispute | undefined> {
    const events = await this.deps.store.readStream(intake.disputeStream(caseId));
    if (events.length === 0) return undefined;
    let state = disputeDecider.initialState;
    for (const r of events) {
      const e = intakeCodec.decode(r);
      if (e) state = disputeDecider.evolve(state, e);
    }
    return { state, revision: events[events.length - 1]!.revision, events };
  }

  /** Seals the free-text field a command carries (if any) under the case narrator's key. */
  async #sealStaffText<C extends Exclude<IntakeCommand, { type: 'RegisterDispute' }>>(caseId: string, command: C): Promise<C> {
    const field = staffTextField(command);
    const data = command.data as Record<string, unknown>;
    if (!field || typeof data[field] !== 'string') return command;
    const loaded = await this.load(caseId);
    if (!loaded) return command; // unknown case: answered 404 below, nothing stored
    const parties = loaded.state.parties;
    const narrator = (parties.find((p) => p.role === 'applicant') ?? parties[0])?.personId;
    if (!narrator) throw new DomainError('no_party', '案件没有当事人，无法加密记录文字 / the case has no party whose key could seal this text');
    try {
      return { ...command, data: { ...data, [field]: this.deps.vault.seal(narrator, data[field]) } } as C;
    } catch {
      // The narrator was erased: nothing new may be written under their key, and nothing in clear.
      throw new DomainError('narrator_erased', '当事人个人信息已删除，不能再记录文字内容 / the party whose key seals this case was erased: free text can no longer be recorded');
    }
  }

  #context(actor: Actor, now: Date): IntakeContext {
    return { now, actor, regions: this.deps.regions, riskPolicy: this.deps.riskPolicy };
  }
}
