import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PREFERENCES_BYTES } from '@atrium/protocol';
import {
  startHarness,
  type CoreServerHarness,
} from './support/core-server-harness.js';

let harness: CoreServerHarness;
beforeAll(async () => {
  harness = await startHarness();
  await harness.addUser('jdoe', ['Viewer']);
  await harness.addUser('ann', ['Analyst']);
});
afterAll(async () => harness?.stop());

const PRESETS = {
  windowPresets: [
    { name: 'Myocardium', centre: 300, width: 600 },
    { name: 'Blood pool', centre: 450, width: 900 },
  ],
  layout: { rows: 2, columns: 2 },
};

describe('user preferences', () => {
  it('start empty, are kept per user and come back as saved, across logins', async () => {
    const jdoe = await harness.connect('client');
    await jdoe.authenticate('jdoe', 'jdoe-Pw1', { closeOtherSessions: true });
    expect(await jdoe.getUserPreferences()).toEqual({
      preferences: {},
      savedAt: null,
    });

    const saved = await jdoe.saveUserPreferences(PRESETS);
    expect(Number.isNaN(Date.parse(saved.savedAt))).toBe(false);
    await jdoe.logout();

    const again = await harness.connect('client');
    await again.authenticate('jdoe', 'jdoe-Pw1');
    expect(await again.getUserPreferences()).toEqual({
      preferences: PRESETS,
      savedAt: saved.savedAt,
    });

    const annClient = await harness.connect('client');
    await annClient.authenticate('ann', 'ann-Pw1', {
      closeOtherSessions: true,
    });
    expect((await annClient.getUserPreferences()).preferences).toEqual({});
  });

  it('are the user’s own for a worker attached with the user’s token', async () => {
    const browser = await harness.connect('client');
    const login = await browser.authenticate('ann', 'ann-Pw1', {
      closeOtherSessions: true,
    });
    const worker = await harness.connect('client');
    await worker.attachToken(login.token);
    await worker.saveUserPreferences({ layout: '1x3' });
    expect((await browser.getUserPreferences()).preferences).toEqual({
      layout: '1x3',
    });
  });

  it('are replaced as a whole by each save', async () => {
    const client = await harness.connect('client');
    await client.authenticate('jdoe', 'jdoe-Pw1', { closeOtherSessions: true });
    await client.saveUserPreferences({ a: 1, b: 2 });
    await client.saveUserPreferences({ c: 3 });
    expect((await client.getUserPreferences()).preferences).toEqual({ c: 3 });
  });

  it('refuse what is not a JSON object, or is larger than the limit', async () => {
    const client = await harness.connect('client');
    await client.authenticate('jdoe', 'jdoe-Pw1', { closeOtherSessions: true });
    for (const preferences of [[1, 2], 'dark', null]) {
      await expect(
        client.callUnchecked('SaveUserPreferences', { preferences }),
      ).rejects.toMatchObject({
        code: 'CORE_INVALID_PARAMS',
        message: 'preferences must be a JSON object',
      });
    }
    const big = { notes: 'x'.repeat(MAX_PREFERENCES_BYTES) };
    await expect(client.saveUserPreferences(big)).rejects.toMatchObject({
      code: 'CORE_INVALID_PARAMS',
      message: `preferences must be at most ${MAX_PREFERENCES_BYTES} bytes of JSON`,
    });
  });

  it('need a session', async () => {
    const stranger = await harness.connect('client');
    await expect(stranger.getUserPreferences()).rejects.toMatchObject({
      code: 'CORE_NOT_AUTHENTICATED',
    });
  });

  it('go with the user when the user is deleted', async () => {
    await harness.addUser('gone', ['Viewer']);
    const client = await harness.connect('client');
    await client.authenticate('gone', 'gone-Pw1');
    await client.saveUserPreferences({ layout: '2x2' });
    harness.db.prepare('DELETE FROM users WHERE user_id = ?').run('gone');
    const left = harness.db
      .prepare('SELECT COUNT(*) FROM user_preferences WHERE user_id = ?')
      .pluck()
      .get('gone');
    expect(left).toBe(0);
  });
});
