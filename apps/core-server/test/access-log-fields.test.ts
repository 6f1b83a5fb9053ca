import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  startHarness,
  type CoreServerHarness,
} from './support/core-server-harness.js';

let harness: CoreServerHarness;
let entries: Record<string, unknown>[];

beforeAll(async () => {
  harness = await startHarness();
  await harness.addUser('jdoe', ['Viewer']);

  const guesser = await harness.connect('client');
  await guesser.authenticate('ghost', 'Ghost-Pw1').catch(() => undefined);
  // A password typed into the user name field.
  await guesser.authenticate('Tr0ub4dor &3', 'whatever').catch(() => undefined);
  await guesser.close();

  const client = await harness.connect('client');
  await client.authenticate('jdoe', 'jdoe-Pw1');
  await client.logout();
  await client.close();
  await vi.waitFor(() =>
    expect(
      harness.logEntries().filter((e) => e.op === 'CloseConnection'),
    ).toHaveLength(2),
  );
  entries = harness.logEntries().filter((e) => e.type === 'AccessLog');
}, 60_000);

afterAll(async () => harness?.stop());

describe('the AccessLog lines of the RPC ports', () => {
  it('all carry latencysms and user, connection events included', () => {
    const ops = new Set(entries.map((e) => e.op));
    expect(ops).toEqual(
      new Set([
        'AcceptConnection',
        'Authenticate',
        'Logout',
        'CloseConnection',
      ]),
    );
    for (const entry of entries) {
      expect(typeof entry.latencysms).toBe('number');
      expect(typeof entry.user).toBe('string');
    }
    const accepted = entries.find((e) => e.op === 'AcceptConnection')!;
    expect(accepted).toMatchObject({ latencysms: 0, user: '' });
  });

  it('name who a connection was after it logged out', () => {
    const logout = entries.find((e) => e.op === 'Logout')!;
    expect(logout.user).toBe('jdoe');
    const closings = entries.filter((e) => e.op === 'CloseConnection');
    expect(closings.map((e) => e.user)).toEqual(['', 'jdoe']);
  });

  it('show a failed user name only when it could be a user ID', () => {
    const failed = entries.filter(
      (e) => e.op === 'Authenticate' && e.status === 'Fail',
    );
    expect(failed.map((e) => e.user)).toEqual(['ghost', '***not displayed***']);
    expect(harness.logText()).not.toContain('Tr0ub4dor');
  });
});
