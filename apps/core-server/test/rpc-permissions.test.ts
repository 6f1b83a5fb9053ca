import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreClient } from '@atrium/core-client';
import { CORE_METHOD_NAMES, type CorePort } from '@atrium/protocol';
import { loadTlsCredentials } from '../src/server/tls-credentials.js';
import {
  startHarness,
  type CoreServerHarness,
} from './support/core-server-harness.js';
import { TestCertificates } from './support/test-certificates.js';

// The role table of DESIGN.md, written out here rather than read from the
// code under test.
const ROLE_PERMISSIONS: Record<string, string[]> = {
  Viewer: ['ViewStudy'],
  Technician: ['ViewStudy', 'ImportStudy', 'EditPatientData'],
  Analyst: ['ViewStudy', 'SaveWorkspace', 'CopyWorkspace'],
  Reporter: ['ViewStudy', 'Report'],
  'Data Administrator': ['ViewStudy', 'CleanDatabase', 'UnlockUsers'],
  'User Administrator': ['ManageUsers', 'UnlockUsers'],
  'System Administrator': ['ManageSystem', 'ManageLogs'],
  'PACS Administrator': ['ManagePacs'],
};
const ADMIN_PERMISSIONS = [
  'CleanDatabase',
  'UnlockUsers',
  'ManageUsers',
  'ManageSystem',
  'ManageLogs',
  'ManagePacs',
];

type Need = 'anyone' | 'session' | string[];
interface Rule {
  ports: CorePort[];
  needs: Need;
  /** Harmless parameters for one call. */
  params(run: Run): Record<string, unknown>;
}
interface Run {
  userId: string;
  password: string;
  token: string;
  tag: string;
}

const CLIENT: CorePort[] = ['client'];
const ADMIN: CorePort[] = ['admin'];
const BOTH: CorePort[] = ['client', 'admin'];

// In call order: Logout comes last because it ends the session.
const RULES: Record<string, Rule> = {
  Authenticate: {
    ports: BOTH,
    needs: 'anyone',
    params: (r) => ({
      username: r.userId,
      password: r.password,
      closeOtherSessions: true,
    }),
  },
  AttachToken: {
    ports: BOTH,
    needs: 'anyone',
    params: (r) => ({ token: r.token }),
  },
  RenewToken: { ports: BOTH, needs: 'session', params: () => ({}) },
  ChangePassword: {
    ports: BOTH,
    needs: 'session',
    params: (r) => ({ currentPassword: r.password, newPassword: r.password }),
  },
  GetUserPreferences: { ports: BOTH, needs: 'session', params: () => ({}) },
  SaveUserPreferences: {
    ports: BOTH,
    needs: 'session',
    params: (r) => ({ preferences: { tag: r.tag } }),
  },
  ListStudies: { ports: CLIENT, needs: ['ViewStudy'], params: () => ({}) },
  GetStudy: {
    ports: CLIENT,
    needs: ['ViewStudy'],
    params: () => ({ studyUid: '1.2.3' }),
  },
  LoadStudy: {
    ports: CLIENT,
    needs: ['ViewStudy'],
    params: () => ({ studyUid: '1.2.3' }),
  },
  GetFrame: {
    ports: CLIENT,
    needs: ['ViewStudy'],
    params: () => ({ sopInstanceUid: '1.2.3.4', frameIndex: 0 }),
  },
  ListMeasurements: {
    ports: CLIENT,
    needs: ['ViewStudy'],
    params: () => ({ studyUid: '1.2.3' }),
  },
  SaveMeasurements: {
    ports: CLIENT,
    needs: ['SaveWorkspace'],
    params: () => ({ studyUid: '1.2.3', measurements: [] }),
  },
  WatchStudy: {
    ports: CLIENT,
    needs: ['ViewStudy'],
    params: () => ({ studyUid: '1.2.3' }),
  },
  UnwatchStudy: {
    ports: CLIENT,
    needs: ['ViewStudy'],
    params: () => ({ studyUid: '1.2.3' }),
  },
  ListUsers: {
    ports: ADMIN,
    needs: ['ManageUsers', 'UnlockUsers'],
    params: () => ({}),
  },
  AddUser: {
    ports: ADMIN,
    needs: ['ManageUsers'],
    params: (r) => ({
      userId: `new-${r.tag}`,
      password: 'New-Pw1',
      roles: ['Viewer'],
    }),
  },
  UpdateUser: {
    ports: ADMIN,
    needs: ['ManageUsers'],
    params: () => ({ userId: 'target', lastName: 'Target' }),
  },
  SetPassword: {
    ports: ADMIN,
    needs: ['ManageUsers'],
    params: () => ({ userId: 'target', password: 'Target-Pw2' }),
  },
  SuspendUser: {
    ports: ADMIN,
    needs: ['ManageUsers'],
    params: () => ({ userId: 'target' }),
  },
  UnsuspendUser: {
    ports: ADMIN,
    needs: ['ManageUsers'],
    params: () => ({ userId: 'target' }),
  },
  UnlockUser: {
    ports: ADMIN,
    needs: ['UnlockUsers'],
    params: () => ({ userId: 'target' }),
  },
  DeleteUser: {
    ports: ADMIN,
    needs: ['ManageUsers'],
    params: (r) => ({ userId: `gone-${r.tag}` }),
  },
  ListRoles: { ports: ADMIN, needs: ['ManageUsers'], params: () => ({}) },
  AddRole: {
    ports: ADMIN,
    needs: ['ManageUsers'],
    params: (r) => ({ name: `Role ${r.tag}`, permissions: ['ViewStudy'] }),
  },
  UpdateRole: {
    ports: ADMIN,
    needs: ['ManageUsers'],
    params: (r) => ({ name: 'Custom', directoryGroups: `CN=${r.tag}` }),
  },
  ListDicomNodes: {
    ports: BOTH,
    needs: ['ViewStudy', 'ManagePacs'],
    params: () => ({}),
  },
  EchoDicomNode: {
    ports: BOTH,
    needs: ['ViewStudy', 'ManagePacs'],
    params: () => ({ node: 1 }),
  },
  QueryDicomNode: {
    ports: CLIENT,
    needs: ['ViewStudy'],
    params: () => ({ node: 1 }),
  },
  RetrieveFromDicomNode: {
    ports: CLIENT,
    needs: ['ImportStudy'],
    params: () => ({ node: 1, studyUid: '1.2.3' }),
  },
  SendStudyToDicomNode: {
    ports: CLIENT,
    needs: ['ViewStudy'],
    params: () => ({ node: 1, studyUid: '1.2.3' }),
  },
  Logout: { ports: BOTH, needs: 'session', params: () => ({}) },
};

/**
 * Answers that show the method ran after passing the access check: the
 * harmless parameters above name a study and an instance that do not exist,
 * ChangePassword refuses to keep the current password, and the DICOM node
 * methods find no DICOM side in the harness.
 */
const RAN = new Set([
  'CORE_STUDY_NOT_FOUND',
  'CORE_INSTANCE_NOT_FOUND',
  'CORE_PASSWORD_REJECTED',
  // A User Administrator may not give, or manage users holding, permissions
  // it does not hold (admin-rules.ts); the method ran to say so.
  'CORE_GRANT_REFUSED',
  // The harness runs no DICOM side; the DICOM node methods say so.
  'CORE_DICOM_UNAVAILABLE',
]);

function expectedOutcome(
  method: string,
  port: CorePort,
  permissions: string[],
) {
  const rule = RULES[method]!;
  const isAdmin = permissions.some((p) => ADMIN_PERMISSIONS.includes(p));
  if (port === 'admin' && !isAdmin) {
    // Nobody without an administrator permission gets a session there.
    if (rule.needs === 'anyone') return 'CORE_ADMIN_PORT_REFUSED';
    if (!rule.ports.includes(port)) return 'CORE_UNKNOWN_METHOD';
    return 'CORE_NOT_AUTHENTICATED';
  }
  if (!rule.ports.includes(port)) return 'CORE_UNKNOWN_METHOD';
  if (typeof rule.needs === 'string') return 'allowed';
  const needs = rule.needs;
  return needs.some((p) => permissions.includes(p))
    ? 'allowed'
    : 'CORE_PERMISSION_DENIED';
}

// Every check holds alike on the plain ports and on the TLS ports.
const TRANSPORTS = ['plain', 'TLS'] as const;
type Transport = (typeof TRANSPORTS)[number];

let harness: CoreServerHarness;
let certDir: string;
let caPem: string;
const users = [
  ...Object.keys(ROLE_PERMISSIONS).map((role) => ({
    role,
    userId: role.toLowerCase().replace(/ /g, '-'),
    permissions: ROLE_PERMISSIONS[role]!,
  })),
  {
    role: 'admin (every role)',
    userId: 'all-roles',
    permissions: [...new Set(Object.values(ROLE_PERMISSIONS).flat())],
  },
];

beforeAll(async () => {
  certDir = mkdtempSync(join(tmpdir(), 'atrium-permissions-'));
  const certs = new TestCertificates(certDir);
  const issued = certs.issue({ name: 'server', keyType: 'ec' });
  caPem = readFileSync(certs.caCert, 'utf8');
  harness = await startHarness({
    // TLS ports on a second loopback address; the plain ones stay on
    // 127.0.0.1.
    bindAddress: '127.0.0.2',
    tls: loadTlsCredentials({
      clientTlsPort: 0,
      adminTlsPort: 0,
      localPacsTlsPort: 0,
      certificate: issued.cert,
      privateKey: issued.key,
      pfx: '',
      pfxPassword: '',
    })!,
  });
  for (const u of users) {
    const roles =
      u.userId === 'all-roles' ? Object.keys(ROLE_PERMISSIONS) : [u.role];
    await harness.addUser(u.userId, roles, 'Matrix-Pw1');
  }
  await harness.addUser('target', ['Viewer']);
  for (const u of users) {
    for (const port of ['client', 'admin']) {
      for (const transport of TRANSPORTS) {
        await harness.addUser(`gone-${u.userId}-${port}-${transport}`, [
          'Viewer',
        ]);
      }
    }
  }
  const admin = await harness.connect('admin');
  await admin.authenticate('all-roles', 'Matrix-Pw1');
  await admin.call('AddRole', { name: 'Custom', permissions: ['ViewStudy'] });
}, 120_000);

afterAll(async () => {
  await harness?.stop();
  rmSync(certDir, { recursive: true, force: true });
});

function connectTo(port: CorePort, transport: Transport): Promise<CoreClient> {
  return transport === 'TLS'
    ? CoreClient.connect(harness.tlsUrlOf(port), { ca: caPem })
    : CoreClient.connect(harness.urlOf(port));
}

describe('the permission table', () => {
  it('covers every method of the protocol', () => {
    expect(Object.keys(RULES).sort()).toEqual([...CORE_METHOD_NAMES].sort());
  });

  for (const u of users) {
    for (const port of ['client', 'admin'] as const) {
      for (const transport of TRANSPORTS) {
        it(`is enforced for ${u.role} on the ${transport} ${port} port`, async () => {
          // One login per user: each login here ends the user's earlier one.
          const client = await connectTo(port, transport);
          const loggedIn = await client
            .authenticate(u.userId, 'Matrix-Pw1', { closeOtherSessions: true })
            .then(
              () => true,
              () => false,
            );
          // A token for AttachToken: this connection's own, or one from a
          // client-port login when the port refused the user.
          const login = await harness.connect('client');
          const token =
            client.token ??
            (
              await login.authenticate(u.userId, 'Matrix-Pw1', {
                closeOtherSessions: true,
              })
            ).token;
          const run: Run = {
            userId: u.userId,
            password: 'Matrix-Pw1',
            token,
            tag: `${u.userId}-${port}-${transport}`,
          };

          const outcomes: Record<string, string> = {};
          const expected: Record<string, string> = {};
          for (const method of Object.keys(RULES)) {
            expected[method] = expectedOutcome(method, port, u.permissions);
            const params = RULES[method]!.params(run);
            outcomes[method] = await client.callUnchecked(method, params).then(
              (result) => {
                // A new login ends the session of the token held so far.
                const fresh = (result as { token?: unknown }).token;
                if (method === 'Authenticate' && typeof fresh === 'string') {
                  run.token = fresh;
                }
                return 'allowed';
              },
              (err: { code: string }) =>
                RAN.has(err.code) ? 'allowed' : err.code,
            );
          }
          await client.close();
          await login.close();

          expect(loggedIn).toBe(
            port === 'client' ||
              u.permissions.some((p) => ADMIN_PERMISSIONS.includes(p)),
          );
          expect(outcomes).toEqual(expected);
        });
      }
    }
  }

  it.each(TRANSPORTS)(
    'lets a Viewer token reach nothing on the %s admin port',
    async (transport) => {
      const client = await connectTo('client', transport);
      const { token } = await client.authenticate('viewer', 'Matrix-Pw1', {
        closeOtherSessions: true,
      });
      const admin = await connectTo('admin', transport);
      await expect(admin.attachToken(token)).rejects.toMatchObject({
        code: 'CORE_ADMIN_PORT_REFUSED',
      });
      await expect(admin.call('ListUsers', {})).rejects.toMatchObject({
        code: 'CORE_NOT_AUTHENTICATED',
      });
      await expect(client.callUnchecked('ListUsers', {})).rejects.toMatchObject(
        {
          code: 'CORE_UNKNOWN_METHOD',
        },
      );
      await client.close();
      await admin.close();
    },
  );
});
