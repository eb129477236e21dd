import { DivisionCode, Role, Sealed } from '@zz/contracts';
import { z } from 'zod';

/**
 * User accounts as events on `user-<userId>` streams, audited like every other fact. The display name
 * and the password hash are sealed under the user's own key in the key store (keys.db): events.db
 * holds neither a staff member's name nor anything to attack offline, and erasing the person shreds both.
 */
export const USER_EVENT_TYPES = ['UserCreated', 'UserDisabled', 'UserEnabled', 'PasswordChanged', 'UserSignedIn', 'UserSignInFailed', 'UserLocked'] as const;
export type UserEventType = (typeof USER_EVENT_TYPES)[number];

export const UserId = z.string().regex(/^[\w.@-]{1,64}$/, '用户ID为1-64个字母、数字或 . _ @ - / user id: 1-64 letters, digits or . _ @ -');

export const UserEventData = {
  UserCreated: z.object({ userId: UserId, role: Role, center: DivisionCode, personId: z.string().min(1), profile: Sealed, credential: Sealed }),
  UserDisabled: z.object({ userId: UserId, reason: z.string().optional() }),
  UserEnabled: z.object({ userId: UserId }),
  PasswordChanged: z.object({ userId: UserId, credential: Sealed, by: z.enum(['self', 'admin']) }),
  UserSignedIn: z.object({ userId: UserId }),
  UserSignInFailed: z.object({ userId: UserId, failures: z.number().int().min(1) }),
  UserLocked: z.object({ userId: UserId, lockedUntil: z.string() }),
} satisfies Record<UserEventType, z.ZodType>;

export type UserEvent = { [K in UserEventType]: { type: K; data: z.infer<(typeof UserEventData)[K]> } }[UserEventType];

export const userStream = (userId: string) => `user-${userId}`;
