/**
 * A second, small product for the retrieve-on-demand journey: Orthanc as
 * the hospital PACS holding a study Atrium does not have, and the Core
 * Server beside it in a private network namespace (Orthanc cannot be told
 * to listen on loopback only; see apps/core-server/test/support), then the
 * WebClient Service and a Worker Manager outside, reaching the Core Server
 * through forwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreClient } from '@atrium/core-client';
import {
  ADMIN_PASSWORD,
  AtriumProcess,
  dcmtk,
  LAB_PORTS,
  OrthancProcess,
} from '../../apps/core-server/test/support/dcmtk-lab.js';
import { NetNamespace } from '../../apps/core-server/test/support/dcmtk-namespace.js';
import { readHealth, ROOT, USERS } from './product.js';

/** A running PACS product. */
export interface PacsProduct {
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts Orthanc holding the study of `studyDir` under `accession`, and
 * an Atrium that has never seen it, with Orthanc as its default
 * Query/Retrieve node and the journeys' clinician as a user.
 */
export async function startPacsProduct(
  studyDir: string,
  accession: string,
  /** `studyrequesturls` of the service: endpoints launches may ask. */
  studyRequestUrls = '',
): Promise<PacsProduct> {
  const dir = mkdtempSync(join(tmpdir(), 'atrium-journey-pacs-'));
  const ns = await NetNamespace.open();
  const children: ChildProcess[] = [];
  let atrium: AtriumProcess | undefined;
  const stop = async () => {
    for (const child of children.reverse()) await stopChild(child);
    await atrium?.stop();
    await ns.close();
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await OrthancProcess.start(ns, join(dir, 'orthanc'), {
      atrium: ['ATRIUM', '127.0.0.1', LAB_PORTS.atriumDicom],
    });
    const stack = join(dir, 'stack');
    cpSync(studyDir, stack, {
      recursive: true,
      filter: (path) => !path.endsWith('.png'),
    });
    const files = readdirSync(stack).map((name) => join(stack, name));
    await check(
      ns.run('dcmodify', ['-nb', '-i', `(0008,0050)=${accession}`, ...files]),
    );
    await check(
      dcmtk(ns, 'storescu', [
        '-aec',
        'ORTHANC',
        '127.0.0.1',
        String(LAB_PORTS.orthancDicom),
        ...files,
      ]),
    );

    atrium = await AtriumProcess.start(ns, join(dir, 'atrium'), [
      'RemoteDicomNodes\\1\\AETitle=ORTHANC',
      'RemoteDicomNodes\\1\\Address=127.0.0.1',
      `RemoteDicomNodes\\1\\Port=${LAB_PORTS.orthancDicom}`,
      'RemoteDicomNodes\\1\\QueryRetrieve=true',
    ]);
    const admin = await CoreClient.connect(
      `ws://127.0.0.1:${await ns.forward(LAB_PORTS.admin)}`,
    );
    await admin.authenticate('admin', ADMIN_PASSWORD, {
      closeOtherSessions: true,
    });
    await admin.call('AddUser', {
      userId: USERS.clinician.username,
      password: USERS.clinician.password,
      roles: ['Viewer'],
    });
    await admin.logout();
    await admin.close();

    const [web, webTls, recruiter, rpc] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const secret = randomBytes(16).toString('hex');
    const clientPort = await ns.forward(LAB_PORTS.client);
    // The service shares the Core Server's data folder for its keys.
    writeFileSync(
      join(atrium.dataDir, 'webclient_service.ini'),
      `[webclient_service]\nwebfqdn=127.0.0.1\nwebport=${web}\n` +
        `webtlsport=${webTls}\nrecruiterport=${recruiter}\nrpcport=${rpc}\n` +
        `coreserverhost=127.0.0.1\ncoreserverport=${clientPort}\n` +
        `recruitersecret=${secret}\nstudyrequesturls=${studyRequestUrls}\n`,
    );
    const env = {
      ...process.env,
      ATRIUM_DATA: atrium.dataDir,
      NEXT_TELEMETRY_DISABLED: '1',
    };
    children.push(
      start(join('apps', 'webclient-service', 'dist-server', 'cli.js'), env),
    );
    const baseUrl = `http://127.0.0.1:${web}`;

    const managerDir = join(dir, 'manager');
    mkdirSync(managerDir);
    writeFileSync(
      join(managerDir, 'worker_manager.ini'),
      `[worker_manager]\nwebclientservicehost=127.0.0.1\n` +
        `webclientservicerecruiterport=${recruiter}\n` +
        `workerid=pacs\ncapacity=2\nrecruitersecret=${secret}\n`,
    );
    await waitFor(async () => (await readHealth(baseUrl)).status !== '');
    children.push(
      start(join('apps', 'worker-manager', 'dist', 'cli.js'), {
        ...process.env,
        ATRIUM_DATA: managerDir,
      }),
    );
    await waitFor(async () => (await readHealth(baseUrl)).managers === 1);
    return { baseUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function check(
  result: Promise<{ code: number | null; stderr: string }>,
): Promise<void> {
  const { code, stderr } = await result;
  if (code !== 0) throw new Error(`PACS set-up failed: ${stderr}`);
}

function start(script: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [join(ROOT, script)], {
    env,
    cwd: ROOT,
    stdio: 'ignore',
  });
}

async function waitFor(ready: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + 60_000;
  for (;;) {
    if (await ready().catch(() => false)) return;
    if (Date.now() > until) throw new Error('the PACS product did not start');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
