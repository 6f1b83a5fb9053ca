import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createAdminAccount,
  ensureAdminAccount,
  prepareAdminAccount,
} from '../src/users/admin-account.js';
import { verifyPassword } from '../src/users/password-hash.js';
import { RELAXED_PASSWORD_RULES } from '../src/users/password-policy.js';
import { findUser, getUser } from '../src/users/user-store.js';
import { openTempDatabase, type TempDatabase } from './support/users-db.js';

const rules = RELAXED_PASSWORD_RULES;
let temp: TempDatabase;
beforeEach(() => {
  temp = openTempDatabase();
});
afterEach(() => temp.remove());

describe('the first-run admin account', () => {
  it('takes its password from ATRIUM_ADMIN_PASSWORD and holds every role', async () => {
    const outcome = await ensureAdminAccount(temp.db, rules, {
      ATRIUM_ADMIN_PASSWORD: 'from-env',
    });
    expect(outcome).toEqual({
      created: true,
      password: 'from-env',
      generated: false,
    });
    const admin = getUser(temp.db, 'admin');
    expect(admin.roles).toHaveLength(8);
    expect(admin.mustChangePassword).toBe(false);
    expect(await verifyPassword('from-env', admin.passwordHash)).toBe(true);
  });

  it('gets a generated password that must be changed when none is given', async () => {
    const outcome = await ensureAdminAccount(temp.db, rules, {});
    expect(outcome.created).toBe(true);
    if (!outcome.created) return;
    expect(outcome.generated).toBe(true);
    expect(outcome.password.length).toBeGreaterThanOrEqual(20);
    const admin = getUser(temp.db, 'admin');
    expect(await verifyPassword(outcome.password, admin.passwordHash)).toBe(
      true,
    );
    expect(admin.mustChangePassword).toBe(true);
  });

  it('is made once, and not again after it was removed behind the server', async () => {
    await ensureAdminAccount(temp.db, rules, {});
    expect(await ensureAdminAccount(temp.db, rules, {})).toEqual({
      created: false,
    });
    temp.db.prepare("DELETE FROM users WHERE user_id = 'admin'").run();
    expect(await ensureAdminAccount(temp.db, rules, {})).toEqual({
      created: false,
    });
    expect(findUser(temp.db, 'admin')).toBeUndefined();
  });

  it('is made once when two starts race', async () => {
    const outcomes = await Promise.all([
      ensureAdminAccount(temp.db, rules, {}),
      ensureAdminAccount(temp.db, rules, {}),
    ]);
    expect(outcomes.filter((o) => o.created)).toHaveLength(1);
  });

  it('checks the password before anything is written, and writes on the second step', async () => {
    await expect(
      prepareAdminAccount(
        temp.db,
        { ...rules, enforced: true },
        {
          ATRIUM_ADMIN_PASSWORD: 'weak',
        },
      ),
    ).rejects.toMatchObject({ code: 'CORE_PASSWORD_REJECTED' });

    const prepared = await prepareAdminAccount(temp.db, rules, {});
    expect(prepared).not.toBeNull();
    expect(findUser(temp.db, 'admin')).toBeUndefined();
    // Until it is written, a later start prepares it again.
    expect(await prepareAdminAccount(temp.db, rules, {})).not.toBeNull();

    const outcome = createAdminAccount(temp.db, prepared!, rules);
    expect(outcome).toEqual({
      created: true,
      password: prepared!.password,
      generated: true,
    });
    expect(await prepareAdminAccount(temp.db, rules, {})).toBeNull();
  });
});
