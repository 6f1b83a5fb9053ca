import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasTestdata } from '@atrium/testdata';
import {
  buildProcesses,
  isAlive,
  nextEvent,
  renderWorkerPids,
  startHarness,
  waitUntil,
  type Harness,
} from './server-harness.js';

let harness: Harness;

beforeAll(async () => {
  buildProcesses();
  harness = await startHarness({
    idleTimeoutSeconds: 2,
    browserGraceSeconds: 60,
  });
  harness.startManager('alpha', 1);
  await waitUntil(
    async () => (await harness.health()).managers === 1,
    15_000,
    'the manager',
  );
}, 180_000);

afterAll(async () => harness?.stop(), 60_000);

describe.runIf(hasTestdata())('an idle browser session', () => {
  it('ends past ConnectionTimeout and takes its worker with it', async () => {
    const before = renderWorkerPids();
    const socket = await harness.connect(await harness.login());
    await nextEvent(socket, 'worker-ready');
    const pid = renderWorkerPids().find((p) => !before.includes(p));
    expect(pid).toBeDefined();

    const ended = await nextEvent<{ reason: string }>(
      socket,
      'session-ended',
      10_000,
    );
    expect(ended.reason).toBe('idle');
    await waitUntil(() => !isAlive(pid!), 10_000, 'the worker to end');
    expect((await harness.health()).sessions).toBe(0);
  }, 60_000);
});
