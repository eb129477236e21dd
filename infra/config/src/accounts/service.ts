import { randomUUID } from 'node:crypto';
import type { Actor, PersonalDataVault, RegionDirectory, Role } from '@zz/contracts';
import { WrongExpectedRevisionError, type EventStore } from '@zz/eventstore';
import { HttpError } from '@zz/http';
import { evolveAccount, initialAccount, isLocked, signInOutcome, type AccountState } from './account.js';
import { UserEventData, userStream, type UserEvent } from './events.js';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from './password.js';

/** A user as every answer shows one (the HTTP contract's `user`). */
export interface UserView {
  userId: string;
  role: Role;
  center: string;
  centerName: string;
  displayName: string;
}

export interface AccountListItem extends UserView {
  disabled: boolean;
  locked: boolean;
}

export type SignInResult = { ok: true; user: UserView } | { ok: false; error: 'invalid_credentials' | 'account_locked' };

export interface NewUser {
  userId: string;
  displayName: string;
  role: Role;
  center: string;
  password: string;
}

/** How long a disable takes, at most, to reach tokens already issued (per process). */
const VALIDITY_CACHE_MS = 5_000;

interface Loaded {
  state: AccountState;
  revision: bigint | 'no_stream';
}

/**
 * Accounts held by the system: create, disable, enable, reset or change a password, sign in with
 * lockout. Every change is an event on the user's stream; an admin manages only accounts whose center
 * lies within their own (the same jurisdiction rule as every write).
 */
export class AccountService {
  private readonly now: () => Date;

  constructor(private readonly opts: { store: EventStore; vault: PersonalDataVault; regions: RegionDirectory; now?: () => Date }) {
    this.now = opts.now ?? (() => new Date());
  }

  async load(userId: string): Promise<Loaded> {
    const recorded = await this.opts.store.readStream(userStream(userId));
    let state = initialAccount(userId);
    for (const e of recorded) {
      const schema = UserEventData[e.type as keyof typeof UserEventData];
      if (schema) state = evolveAccount(state, { type: e.type, data: schema.parse(e.data) } as UserEvent);
    }
    return { state, revision: recorded.length === 0 ? 'no_stream' : recorded[recorded.length - 1]!.revision };
  }

  view(state: AccountState): UserView {
    const profile = state.profile ? this.opts.vault.open<{ displayName: string }>(state.profile) : null;
    return {
      userId: state.userId,
      role: state.role,
      center: state.center,
      centerName: this.opts.regions.get(state.center)?.name ?? state.center,
      displayName: profile?.displayName ?? '[已删除 erased]',
    };
  }

  /** The signed-in user: the account when there is one, else what the token says (a CLI or demo token). */
  async whoIs(actor: Actor): Promise<UserView> {
    const { state } = await this.load(actor.userId);
    if (state.exists && state.role === actor.role && state.center === actor.centerCode) return this.view(state);
    return { userId: actor.userId, role: actor.role, center: actor.centerCode, centerName: this.opts.regions.get(actor.centerCode)?.name ?? actor.centerCode, displayName: actor.userId };
  }

  async create(actor: Actor, input: NewUser, correlationId: string): Promise<UserView> {
    this.mustManage(actor, input.center);
    const problem = passwordProblem(input.password);
    if (problem) throw new HttpError(400, 'validation_failed', '请求参数不合法 / invalid request', [{ path: 'body.password', message: problem }]);
    const { state } = await this.load(input.userId);
    if (state.exists) throw new HttpError(409, 'user_exists', '用户ID已存在 / a user with this id exists');
    const [person] = await this.opts.vault.personsFor([undefined]);
    const personId = person!.personId;
    const credential = this.opts.vault.seal(personId, await hashPassword(input.password));
    const profile = this.opts.vault.seal(personId, { displayName: input.displayName });
    const event: UserEvent = { type: 'UserCreated', data: { userId: input.userId, role: input.role, center: input.center, personId, profile, credential } };
    try {
      await this.append(input.userId, [event], 'no_stream', actor, correlationId);
    } catch (err) {
      if (err instanceof WrongExpectedRevisionError) throw new HttpError(409, 'user_exists', '用户ID已存在 / a user with this id exists');
      throw err;
    }
    return this.view(evolveAccount(initialAccount(input.userId), event));
  }

  async setDisabled(actor: Actor, userId: string, disabled: boolean, correlationId: string): Promise<AccountListItem> {
    const { state, revision } = await this.managed(actor, userId);
    if (disabled && userId === actor.userId) throw new HttpError(409, 'cannot_disable_self', '不能停用自己的账号 / you cannot disable your own account');
    // Enabling also unlocks a locked account; otherwise a repeat changes nothing.
    const unlock = !disabled && (state.lockedUntil !== null || state.failures > 0);
    if (state.disabled === disabled && !unlock) return this.item(state);
    const event: UserEvent = disabled ? { type: 'UserDisabled', data: { userId } } : { type: 'UserEnabled', data: { userId } };
    await this.append(userId, [event], revision, actor, correlationId);
    return this.item(evolveAccount(state, event));
  }

  async resetPassword(actor: Actor, userId: string, password: string, correlationId: string): Promise<AccountListItem> {
    const { state, revision } = await this.managed(actor, userId);
    return this.item(await this.setPassword(state, revision, password, 'admin', actor, correlationId));
  }

  async changeOwnPassword(actor: Actor, current: string, next: string, correlationId: string): Promise<void> {
    const { state, revision } = await this.load(actor.userId);
    if (!state.exists || state.disabled || !(await this.passwordMatches(state, current))) {
      throw new HttpError(401, 'invalid_credentials', '用户名或密码错误 / wrong user id or password');
    }
    await this.setPassword(state, revision, next, 'self', actor, correlationId);
  }

  async signIn(userId: string, password: string, correlationId: string): Promise<SignInResult> {
    for (let attempt = 0; ; attempt++) {
      const { state, revision } = await this.load(userId);
      if (!state.exists || state.disabled) {
        await verifyPassword(password, await dummyHash());
        return { ok: false, error: 'invalid_credentials' };
      }
      const now = this.now();
      if (isLocked(state, now)) return { ok: false, error: 'account_locked' };
      const ok = await this.passwordMatches(state, password);
      const actor: Actor = { userId, role: state.role, centerCode: state.center };
      try {
        const events = signInOutcome(state, ok, now);
        await this.append(userId, events, revision, actor, correlationId);
        if (ok) return { ok: true, user: this.view(state) };
        return { ok: false, error: events.some((e) => e.type === 'UserLocked') ? 'account_locked' : 'invalid_credentials' };
      } catch (err) {
        // Another sign-in of the same account got in first: count this one on top of it.
        if (!(err instanceof WrongExpectedRevisionError) || attempt >= 5) throw err;
      }
    }
  }

  /** Accounts whose center lies within the caller's. */
  async list(actor: Actor): Promise<AccountListItem[]> {
    const ids: string[] = [];
    for await (const e of this.opts.store.readAll({ types: ['UserCreated'] })) ids.push((e.data as { userId: string }).userId);
    const out: AccountListItem[] = [];
    for (const id of ids) {
      const { state } = await this.load(id);
      if (state.exists && this.opts.regions.isWithin(state.center, actor.centerCode)) out.push(this.item(state));
    }
    return out.sort((a, b) => a.center.localeCompare(b.center) || a.userId.localeCompare(b.userId));
  }

  /**
   * Whether a token's actor may still act: tokens of an account held here stop working once it is
   * disabled or its role or center changed; tokens for ids with no account (the token CLI, demo mode)
   * are left to their signature and lifetime. Cached briefly so a request costs no store read.
   */
  async tokenStillValid(actor: Actor): Promise<boolean> {
    const now = Date.now();
    const cached = this.#validity.get(actor.userId);
    let state: AccountState;
    if (cached && cached.until > now) state = cached.state;
    else {
      state = (await this.load(actor.userId)).state;
      if (this.#validity.size > 10_000) this.#validity.clear();
      this.#validity.set(actor.userId, { state, until: now + VALIDITY_CACHE_MS });
    }
    if (!state.exists) return true;
    return !state.disabled && state.role === actor.role && state.center === actor.centerCode;
  }

  readonly #validity = new Map<string, { state: AccountState; until: number }>();

  /** Whether any account exists (the bootstrap admin is only created into an empty system). */
  async anyAccount(): Promise<boolean> {
    for await (const _ of this.opts.store.readAll({ types: ['UserCreated'], maxCount: 1 })) return true;
    return false;
  }

  private item(state: AccountState): AccountListItem {
    return { ...this.view(state), disabled: state.disabled, locked: isLocked(state, this.now()) };
  }

  private async passwordMatches(state: AccountState, password: string): Promise<boolean> {
    const stored = state.credential ? this.opts.vault.open<string>(state.credential) : null;
    return verifyPassword(password, stored ?? (await dummyHash()));
  }

  private async setPassword(state: AccountState, revision: bigint | 'no_stream', password: string, by: 'self' | 'admin', actor: Actor, correlationId: string): Promise<AccountState> {
    const problem = passwordProblem(password);
    if (problem) throw new HttpError(400, 'validation_failed', '请求参数不合法 / invalid request', [{ path: by === 'self' ? 'body.newPassword' : 'body.password', message: problem }]);
    const event: UserEvent = { type: 'PasswordChanged', data: { userId: state.userId, credential: this.opts.vault.seal(state.personId, await hashPassword(password)), by } };
    await this.append(state.userId, [event], revision, actor, correlationId);
    return evolveAccount(state, event);
  }

  private async managed(actor: Actor, userId: string): Promise<Loaded> {
    const loaded = await this.load(userId);
    // Outside the caller's area the account answers as unknown, so existence doesn't leak.
    if (!loaded.state.exists || !this.opts.regions.isWithin(loaded.state.center, actor.centerCode)) {
      throw new HttpError(404, 'not_found', '用户不存在 / unknown user');
    }
    return loaded;
  }

  private mustManage(actor: Actor, center: string): void {
    if (!this.opts.regions.isWithin(center, actor.centerCode)) {
      throw new HttpError(403, 'outside_jurisdiction', '只能管理本级及下级中心的账号 / you may manage accounts of your own center and the centers below it only');
    }
  }

  private async append(userId: string, events: UserEvent[], expectedRevision: bigint | 'no_stream', actor: Actor, correlationId: string): Promise<void> {
    this.#validity.delete(userId);
    const occurredAt = this.now().toISOString();
    await this.opts.store.append(
      userStream(userId),
      events.map((e) => ({
        eventId: randomUUID(),
        type: e.type,
        schemaVersion: 1,
        occurredAt,
        data: e.data,
        // No case: accounts are not part of one (like erasures); the actor is who did it.
        metadata: { correlationId, causationId: correlationId, caseCode: '', actor },
      })),
      { expectedRevision },
    );
    this.#validity.delete(userId);
  }
}
