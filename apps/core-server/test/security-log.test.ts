import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_DISPLAYED } from '@atrium/log';
import {
  ADMIN_PASSWORD,
  startHarness,
  type CoreServerHarness,
} from './support/core-server-harness.js';
import {
  importSyntheticStudy,
  type SyntheticStudy,
} from './support/synthetic-study.js';

const ISO_WITH_OFFSET =
  /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$/;
const RPC_OPS = new Set([
  'Authenticate',
  'AttachToken',
  'RenewToken',
  'Logout',
  'AddUser',
  'UnlockUser',
  'LoadStudy',
  'ListUsers',
  'SaveUserPreferences',
]);

let harness: CoreServerHarness;
let entries: Record<string, unknown>[];
let study: SyntheticStudy;
let loginToken: string;

beforeAll(async () => {
  harness = await startHarness({
    settings: { lock: { failedLoginsBeforeLock: 2, lockSeconds: 60 } },
  });
  study = await importSyntheticStudy(harness);
  const admin = await harness.connect('admin');
  await admin.authenticate('admin', ADMIN_PASSWORD);
  await admin.call('AddUser', {
    userId: 'jdoe',
    password: 'Jdoe-Pw1',
    roles: ['Analyst'],
  });

  const client = await harness.connect('client');
  await client.authenticate('jdoe', 'nope').catch(() => undefined);
  await client.authenticate('jdoe', 'nope').catch(() => undefined);
  await admin.call('UnlockUser', { userId: 'jdoe' });
  const login = await client.authenticate('jdoe', 'Jdoe-Pw1');
  loginToken = login.token;
  await client.loadStudy('1.2.3.4').catch(() => undefined);
  await client.loadStudy(study.studyUid);
  await client.saveUserPreferences({
    windowPresets: [{ name: 'Cardiac', centre: 300, width: 800 }],
    layout: '2x2',
  });
  await client.renewToken();

  const worker = await harness.connect('client');
  await worker.attachToken(login.token);
  // jdoe logs in elsewhere and ends the first session.
  const elsewhere = await harness.connect('client');
  await elsewhere.authenticate('jdoe', 'Jdoe-Pw1', {
    closeOtherSessions: true,
  });
  await elsewhere.logout();
  await worker.close();
  await client.close();
  await elsewhere.close();
  await admin.close();
  entries = harness.logEntries();
});

/** The one AccessLog entry of an operation and status (first if several). */
function accessEntry(op: string, status: string) {
  const entry = entries.find(
    (e) => e.type === 'AccessLog' && e.op === op && e.status === status,
  );
  expect(entry, `${op} ${status}`).toBeDefined();
  return entry!;
}

afterAll(async () => harness?.stop());

describe('the security log', () => {
  it('is one JSON object per line with the fixed keys', () => {
    expect(entries.length).toBeGreaterThan(10);
    for (const entry of entries) {
      expect(entry.time).toMatch(ISO_WITH_OFFSET);
      expect(['SystemLog', 'AccessLog', 'TraceLog', 'ErrorLog']).toContain(
        entry.type,
      );
      expect(['DEBUG', 'INFO', 'WARNING', 'ERROR']).toContain(entry.level);
      expect(entry.pid).toBe(process.pid);
      expect(typeof entry.msg).toBe('string');
    }
  });

  it('gives every AccessLog entry op, client, user and status, and requests latencysms', () => {
    const access = entries.filter((e) => e.type === 'AccessLog');
    for (const entry of access) {
      expect(typeof entry.op).toBe('string');
      expect(typeof entry.status).toBe('string');
      expect(typeof entry.client).toBe('string');
      if (entry.op !== 'AcceptConnection')
        expect(typeof entry.user).toBe('string');
      if (RPC_OPS.has(entry.op as string)) {
        expect(typeof entry.latencysms).toBe('number');
        expect(entry.latencysms as number).toBeGreaterThanOrEqual(0);
      }
    }
    // The request keys come right after the fixed ones, as parsers expect.
    const rpc = access.find((e) => e.op === 'Authenticate')!;
    expect(Object.keys(rpc).slice(0, 10)).toEqual([
      'time',
      'type',
      'level',
      'pid',
      'msg',
      'op',
      'latencysms',
      'client',
      'user',
      'status',
    ]);
  });

  it('records connections, logins, lock-out and administration', () => {
    const summary = entries
      .filter((e) => e.type === 'AccessLog')
      .map((e) => `${e.op}:${e.status}${e.reason ? `:${e.reason}` : ''}`);
    expect(summary).toEqual(
      expect.arrayContaining([
        'AcceptConnection:Success',
        'Authenticate:Success',
        'AddUser:Success',
        'Authenticate:Fail:wrong-password',
        'LockUser:Locked',
        'Authenticate:Fail:locked',
        'UnlockUser:Success',
        'LoadStudy:Fail',
        'RenewToken:Success',
        'AttachToken:Success',
        'Logout:Success',
        'CloseConnection:Success',
      ]),
    );
  });

  it('names the user of each request and the target of administration', () => {
    const add = entries.find((e) => e.op === 'AddUser')!;
    expect(add).toMatchObject({
      user: 'admin',
      target: 'jdoe',
      client: '127.0.0.1',
    });
    const failed = entries.find(
      (e) => e.op === 'Authenticate' && e.status === 'Fail',
    )!;
    expect(failed).toMatchObject({
      user: 'jdoe',
      level: 'WARNING',
      code: 'CORE_AUTH_FAILED',
    });
    const load = entries.find((e) => e.op === 'LoadStudy')!;
    expect(load).toMatchObject({
      user: 'jdoe',
      study: '1.2.3.4',
      code: 'CORE_STUDY_NOT_FOUND',
    });
  });

  it('writes each event administrators watch with its keys', () => {
    expect(accessEntry('AcceptConnection', 'Success')).toMatchObject({
      level: 'INFO',
      client: '127.0.0.1',
      port: 'admin',
      tls: false,
    });
    expect(accessEntry('Authenticate', 'Success')).toMatchObject({
      level: 'INFO',
      user: 'admin',
      client: '127.0.0.1',
      port: 'admin',
      session: expect.any(String),
      latencysms: expect.any(Number),
    });
    expect(accessEntry('Authenticate', 'Fail')).toMatchObject({
      level: 'WARNING',
      user: 'jdoe',
      code: 'CORE_AUTH_FAILED',
      reason: 'wrong-password',
    });
    expect(accessEntry('LockUser', 'Locked')).toMatchObject({
      level: 'WARNING',
      user: 'jdoe',
      client: '127.0.0.1',
      failedLogins: 2,
      lockedUntil: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(accessEntry('CloseDuplicateConnections', 'Success')).toMatchObject({
      level: 'INFO',
      user: 'jdoe',
      client: '127.0.0.1',
      connections: 2,
      closedSessions: [expect.objectContaining({ client: '127.0.0.1' })],
    });
    expect(accessEntry('AddUser', 'Success')).toMatchObject({
      level: 'INFO',
      user: 'admin',
      target: 'jdoe',
      roles: ['Analyst'],
    });
    expect(accessEntry('SaveUserPreferences', 'Success')).toMatchObject({
      level: 'INFO',
      user: 'jdoe',
      client: '127.0.0.1',
      port: 'client',
      saved: ['windowPresets', 'layout'],
    });
    expect(accessEntry('LoadStudy', 'Success')).toMatchObject({
      level: 'INFO',
      user: 'jdoe',
      client: '127.0.0.1',
      study: study.studyUid,
    });
  });

  it('keeps preferences themselves out of the log', () => {
    const saved = accessEntry('SaveUserPreferences', 'Success');
    expect(JSON.stringify(saved)).not.toContain('Cardiac');
  });

  it('writes secrets as ***not displayed***', () => {
    expect(NOT_DISPLAYED).toBe('***not displayed***');
    for (const [op, status] of [
      ['Authenticate', 'Success'],
      ['Authenticate', 'Fail'],
      ['AddUser', 'Success'],
    ]) {
      expect(accessEntry(op!, status!).password).toBe('***not displayed***');
    }
    expect(accessEntry('AttachToken', 'Success').token).toBe(
      '***not displayed***',
    );
    const text = harness.logText();
    expect(text).not.toContain(loginToken);
    expect(text).not.toContain('Jdoe-Pw1');
    expect(text).not.toContain(ADMIN_PASSWORD);
  });
});
