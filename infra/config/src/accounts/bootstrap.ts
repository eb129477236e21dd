import type { RegionDirectory } from '@zz/contracts';
import { WrongExpectedRevisionError } from '@zz/eventstore';
import { HttpError } from '@zz/http';
import type { AccountService } from './service.js';

export type BootstrapResult = 'created' | 'accounts_exist' | 'no_password';

/**
 * The first admin of a production deployment: when ADMIN_INITIAL_PASSWORD is set and the account
 * ADMIN_USER_ID does not exist yet (accounts are never deleted, so it never did), it is created as an
 * admin of the region table's top center. One stream read per start, never a scan of the log; safe to
 * run in every process at once (the user stream's `no_stream` lets one win). Without the password it
 * only reports whether any account exists. Change the password after signing in.
 */
export async function bootstrapAdmin(accounts: AccountService, regions: RegionDirectory, opts: { userId: string; password: string | undefined }): Promise<BootstrapResult> {
  if (!opts.password) return (await accounts.anyAccount()) ? 'accounts_exist' : 'no_password';
  if ((await accounts.load(opts.userId)).state.exists) return 'accounts_exist';
  const top = regions.all().find((r) => r.parentCode === null);
  if (!top) throw new Error('the region table has no top center');
  try {
    await accounts.create(
      { userId: 'system-bootstrap', role: 'admin', centerCode: top.code },
      { userId: opts.userId, displayName: '初始管理员 Initial admin', role: 'admin', center: top.code, password: opts.password },
      'bootstrap-admin',
    );
    return 'created';
  } catch (err) {
    if (err instanceof WrongExpectedRevisionError || (err instanceof HttpError && err.code === 'user_exists')) return 'accounts_exist';
    throw err;
  }
}
