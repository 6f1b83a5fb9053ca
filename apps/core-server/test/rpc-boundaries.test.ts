import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '@atrium/tokens';
import { generateKeyPairSync } from 'node:crypto';
import {
  ADMIN_PASSWORD,
  startHarness,
  type CoreServerHarness,
} from './support/core-server-harness.js';
import {
  importSyntheticStudy,
  type SyntheticStudy,
} from './support/synthetic-study.js';

// A render worker attaches with its user's token; these tests hold that it
// can then do exactly what that user may, and nothing once the session is
// over.

let harness: CoreServerHarness;
let study: SyntheticStudy;

beforeAll(async () => {
  harness = await startHarness();
  study = await importSyntheticStudy(harness);
  await harness.addUser('viewer', ['Viewer']);
  await harness.addUser('useradmin', ['User Administrator']);
  await harness.addUser('tech', ['Technician']);
});
afterAll(async () => harness?.stop());

/** Logs a user in (ending any earlier login) and attaches a worker. */
async function loginWithWorker(userId: string) {
  const browser = await harness.connect('client');
  const login = await browser.authenticate(userId, `${userId}-Pw1`, {
    closeOtherSessions: true,
  });
  const worker = await harness.connect('client');
  const attached = await worker.attachToken(login.token);
  return { browser, login, worker, attached };
}

function outcome(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'allowed',
    (err: { code: string }) => err.code,
  );
}

describe('a worker attached with a user’s token', () => {
  it.each([
    ['viewer', ['ViewStudy']],
    ['useradmin', ['ManageUsers', 'UnlockUsers']],
    ['tech', ['EditPatientData', 'ImportStudy', 'ViewStudy']],
  ])('holds exactly the permissions of %s', async (userId, permissions) => {
    const { login, attached } = await loginWithWorker(userId);
    expect(attached.user.userId).toBe(userId);
    expect([...attached.user.permissions].sort()).toEqual(permissions);
    expect(attached.user.permissions).toEqual(login.user.permissions);
    expect(attached.sessionId).toBe(login.sessionId);
  });

  it('reads a study and its frames only when the user may', async () => {
    const viewer = await loginWithWorker('viewer');
    const { worker } = viewer;
    await expect(worker.getStudy(study.studyUid)).resolves.toMatchObject({
      studyUid: study.studyUid,
    });
    const frame = await worker.getFrame(study.sopInstanceUid, 0);
    expect(frame.samples.length).toBe(4);

    // A user without ViewStudy: the same study, the same frame, refused.
    const admin = await loginWithWorker('useradmin');
    for (const call of [
      admin.worker.getStudy(study.studyUid),
      admin.worker.loadStudy(study.studyUid),
      admin.worker.getFrame(study.sopInstanceUid, 0),
      admin.worker.listStudies(),
    ]) {
      await expect(outcome(call)).resolves.toBe('CORE_PERMISSION_DENIED');
    }
    // Nor does the worker reach administration on the client port.
    await expect(
      outcome(admin.worker.callUnchecked('ListUsers', {})),
    ).resolves.toBe('CORE_UNKNOWN_METHOD');
  });

  it('is refused once its session has logged out', async () => {
    const { browser, login, worker } = await loginWithWorker('viewer');
    const closed = new Promise((resolve) => worker.once('close', resolve));
    await browser.logout();
    expect(await closed).toBe(4001);
    await expect(outcome(worker.listStudies())).resolves.toBe('CCL_CLOSED');
    await expect(outcome(browser.listStudies())).resolves.toBe(
      'CORE_NOT_AUTHENTICATED',
    );
    const fresh = await harness.connect('client');
    await expect(outcome(fresh.attachToken(login.token))).resolves.toBe(
      'CORE_SESSION_ENDED',
    );
  });

  it('is cut off when the user is suspended, and its token refused after', async () => {
    const { login, worker } = await loginWithWorker('viewer');
    const ended = new Promise((resolve) =>
      worker.once('SessionEnded', resolve),
    );
    const admin = await harness.connect('admin');
    await admin.authenticate('admin', ADMIN_PASSWORD, {
      closeOtherSessions: true,
    });
    await admin.call('SuspendUser', { userId: 'viewer' });

    expect(await ended).toEqual({
      sessionId: login.sessionId,
      reason: 'suspended',
    });
    const fresh = await harness.connect('client');
    await expect(outcome(fresh.attachToken(login.token))).resolves.toBe(
      'CORE_SESSION_ENDED',
    );
    await admin.call('UnsuspendUser', { userId: 'viewer' });
  });

  it('is refused for a user suspended in the database behind the server’s back', async () => {
    const { login } = await loginWithWorker('viewer');
    harness.db
      .prepare('UPDATE users SET suspended = 1 WHERE user_id = ?')
      .run('viewer');
    try {
      const fresh = await harness.connect('client');
      await expect(outcome(fresh.attachToken(login.token))).resolves.toBe(
        'CORE_SESSION_ENDED',
      );
    } finally {
      harness.db
        .prepare('UPDATE users SET suspended = 0 WHERE user_id = ?')
        .run('viewer');
    }
  });

  it('cannot be forged with wider permissions', async () => {
    const { login } = await loginWithWorker('viewer');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const forged = await signToken(
      {
        userId: 'viewer',
        roles: ['Viewer'],
        permissions: ['ViewStudy', 'ManageUsers'],
        sessionId: login.sessionId,
      },
      privateKey,
      { lifetimeMinutes: 5 },
    );
    const admin = await harness.connect('admin');
    await expect(outcome(admin.attachToken(forged.token))).resolves.toBe(
      'CORE_TOKEN_INVALID',
    );
  });
});
