import type { Role, Sealed } from '@zz/contracts';
import type { UserEvent } from './events.js';

/** One account as its events leave it. */
export interface AccountState {
  exists: boolean;
  userId: string;
  role: Role;
  center: string;
  personId: string;
  profile: Sealed | null;
  credential: Sealed | null;
  disabled: boolean;
  /** Consecutive failed sign-ins since the last success, lock or password change. */
  failures: number;
  lockedUntil: string | null;
}

export const initialAccount = (userId: string): AccountState => ({
  exists: false,
  userId,
  role: 'intake_clerk',
  center: '',
  personId: '',
  profile: null,
  credential: null,
  disabled: false,
  failures: 0,
  lockedUntil: null,
});

/** Lockout policy: this many wrong passwords in a row lock the account for LOCK_MINUTES. */
export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;

export function evolveAccount(state: AccountState, event: UserEvent): AccountState {
  switch (event.type) {
    case 'UserCreated':
      return { ...state, exists: true, role: event.data.role, center: event.data.center, personId: event.data.personId, profile: event.data.profile, credential: event.data.credential };
    case 'UserDisabled':
      return { ...state, disabled: true };
    case 'UserEnabled':
      return { ...state, disabled: false, failures: 0, lockedUntil: null };
    case 'PasswordChanged':
      return { ...state, credential: event.data.credential, failures: 0, lockedUntil: null };
    case 'UserSignedIn':
      return { ...state, failures: 0 };
    case 'UserSignInFailed':
      return { ...state, failures: event.data.failures };
    case 'UserLocked':
      return { ...state, failures: 0, lockedUntil: event.data.lockedUntil };
  }
}

export const isLocked = (state: AccountState, now: Date): boolean => state.lockedUntil !== null && new Date(state.lockedUntil) > now;

/** What a sign-in attempt's outcome appends (the password was already checked by the caller). */
export function signInOutcome(state: AccountState, passwordOk: boolean, now: Date): UserEvent[] {
  if (passwordOk) return [{ type: 'UserSignedIn', data: { userId: state.userId } }];
  const failures = state.failures + 1;
  const events: UserEvent[] = [{ type: 'UserSignInFailed', data: { userId: state.userId, failures } }];
  if (failures >= MAX_FAILURES) {
    events.push({ type: 'UserLocked', data: { userId: state.userId, lockedUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() } });
  }
  return events;
}
