import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTestdata } from '@atrium/testdata';
import {
  buildProcesses,
  isAlive,
  nextEvent,
  renderWorkerPids,
  startHarness,
  waitUntil,
  type BrowserSocket,
  type Harness,
  type ManagerProcess,
} from './server-harness.js';

let harness: Harness;
let alpha: ManagerProcess;
let beta: ManagerProcess;

beforeAll(async () => {
  buildProcesses();
  harness = await startHarness();
  alpha = harness.startManager('alpha', 1);
  beta = harness.startManager('beta', 1);
  await waitUntil(
    async () => (await harness.health()).managers === 2,
    15_000,
    'two managers',
  );
}, 180_000);

afterAll(async () => harness?.stop(), 60_000);

/** Children of a manager process whose command line names render-worker. */
function workersOf(manager: ManagerProcess): number[] {
  return renderWorkerPids().filter(
    (pid) => parentOf(pid) === manager.child.pid,
  );
}

function parentOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

async function openSession(): Promise<BrowserSocket> {
  const socket = await harness.connect(await harness.login());
  await nextEvent(socket, 'worker-ready');
  return socket;
}

describe.runIf(hasTestdata())('Worker Managers at capacity', () => {
  const sockets: BrowserSocket[] = [];

  it('start the second session on the second manager when the first is full', async () => {
    sockets.push(await openSession());
    sockets.push(await openSession());

    expect(workersOf(alpha)).toHaveLength(1);
    expect(workersOf(beta)).toHaveLength(1);
    expect(await harness.health()).toMatchObject({
      managers: 2,
      workers: 2,
      sessions: 2,
    });
  }, 60_000);

  it('tell the browser the server is full, and recruit for it once a slot frees', async () => {
    const socket = await harness.connect(await harness.login());
    const full = await nextEvent<{ message: string }>(socket, 'server-full');

    expect(full.message).toMatch(/busy/);
    expect((await harness.health()).sessions).toBe(3);

    const ready = nextEvent(socket, 'worker-ready', 30_000);
    sockets.shift()!.emit('end-session', () => undefined);
    await ready;
    expect(socket.connected).toBe(true);
    expect(await harness.health()).toMatchObject({ workers: 2, sessions: 2 });
    sockets.push(socket);
  }, 60_000);

  it('take a dead manager’s workers down with it', async () => {
    const [worker] = workersOf(beta);
    expect(worker).toBeDefined();

    beta.child.kill('SIGKILL');
    await waitUntil(
      () => !isAlive(worker!),
      10_000,
      'the orphaned worker to end',
    );
    await waitUntil(
      async () => (await harness.health()).managers === 1,
      10_000,
      'one manager left',
    );
  }, 60_000);

  it('stop a manager whose recruiter secret is refused, with one line saying so', async () => {
    const intruder = harness.startManager('gamma', 1, 'not-the-secret');
    const code = await new Promise((resolve) =>
      intruder.child.once('exit', resolve),
    );

    expect(code).toBe(1);
    expect(intruder.output()).toMatch(/recruitersecret was refused/);
    expect((await harness.health()).managers).toBe(1);
  }, 30_000);
});
