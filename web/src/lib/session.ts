import { reactive } from 'vue';

/** The signed-in user as the auth API answers it. */
export interface User {
  userId: string;
  role: string;
  center: string;
  centerName: string;
  displayName?: string;
}

/** Bearer-token session, per tab (sessionStorage), like a desk login. */
export const session = reactive<{ token: string | null; user: User | null }>({
  token: sessionStorage.getItem('token'),
  user: JSON.parse(sessionStorage.getItem('user') ?? 'null') as User | null,
});

export function signInAs(token: string, user: User): void {
  session.token = token;
  session.user = user;
  sessionStorage.setItem('token', token);
  sessionStorage.setItem('user', JSON.stringify(user));
}

export function signOut(): void {
  session.token = null;
  session.user = null;
  sessionStorage.removeItem('token');
  sessionStorage.removeItem('user');
}
