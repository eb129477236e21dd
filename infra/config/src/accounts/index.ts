export { AccountService, type UserView, type AccountListItem, type NewUser, type SignInResult } from './service.js';
export { accountRoutes, type AccountRoutesOptions } from './routes.js';
export { bootstrapAdmin, type BootstrapResult } from './bootstrap.js';
export { demoUsers, type DemoUser } from './demo-users.js';
export { hashPassword, verifyPassword, passwordProblem } from './password.js';
export { USER_EVENT_TYPES, userStream } from './events.js';
export { MAX_FAILURES, LOCK_MINUTES } from './account.js';
export { mountAccounts } from './mount.js';
