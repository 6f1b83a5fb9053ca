import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/users/password-hash.js';
import {
  recordPasswordHash,
  refuseRecentPassword,
} from '../src/users/password-history.js';
import { RELAXED_PASSWORD_RULES } from '../src/users/password-policy.js';
import { addUser } from '../src/users/user-admin.js';
import { openTempDatabase, type TempDatabase } from './support/users-db.js';

let temp: TempDatabase;
beforeEach(async () => {
  temp = openTempDatabase();
  await addUser(
    temp.db,
    { userId: 'jdoe', password: 'first', roles: [] },
    { ...RELAXED_PASSWORD_RULES, recentListSize: 2 },
  );
});
afterEach(() => temp.remove());

function kept(): number {
  return temp.db
    .prepare('SELECT COUNT(*) FROM password_history WHERE user_id = ?')
    .pluck()
    .get('jdoe') as number;
}

describe('the recent-password list', () => {
  it('starts with the password a user is created with', async () => {
    expect(kept()).toBe(1);
    await expect(
      refuseRecentPassword(temp.db, 'jdoe', 'first', 2),
    ).rejects.toMatchObject({ code: 'CORE_PASSWORD_REJECTED' });
  });

  it('keeps only the newest N hashes', async () => {
    for (const password of ['second', 'third']) {
      recordPasswordHash(temp.db, 'jdoe', await hashPassword(password), 2);
    }
    expect(kept()).toBe(2);
    await expect(
      refuseRecentPassword(temp.db, 'jdoe', 'first', 2),
    ).resolves.toBeUndefined();
    await expect(
      refuseRecentPassword(temp.db, 'jdoe', 'second', 2),
    ).rejects.toThrow('The password must differ from your last 2 passwords');
  });

  it('checks only as far back as the size asked, and nothing at 0', async () => {
    recordPasswordHash(temp.db, 'jdoe', await hashPassword('second'), 2);
    await expect(
      refuseRecentPassword(temp.db, 'jdoe', 'first', 1),
    ).resolves.toBeUndefined();
    await expect(
      refuseRecentPassword(temp.db, 'jdoe', 'second', 1),
    ).rejects.toThrow('The new password must differ from the current one');
    await expect(
      refuseRecentPassword(temp.db, 'jdoe', 'second', 0),
    ).resolves.toBeUndefined();
  });

  it('is emptied when the list size drops to 0', async () => {
    recordPasswordHash(temp.db, 'jdoe', await hashPassword('second'), 0);
    expect(kept()).toBe(0);
  });
});
