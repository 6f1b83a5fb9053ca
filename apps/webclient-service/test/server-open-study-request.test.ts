import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenStudyParams, WebAck, WebStudy } from '@atrium/protocol';
import { hasTestdata } from '@atrium/testdata';
import {
  buildProcesses,
  startHarness,
  waitUntil,
  type BrowserSocket,
  type Harness,
} from './server-harness.js';

let harness: Harness;
let socket: BrowserSocket;

beforeAll(async () => {
  if (!hasTestdata()) return;
  buildProcesses();
  harness = await startHarness();
  harness.startManager('alpha', 1);
  await waitUntil(
    async () => (await harness.health()).managers === 1,
    15_000,
    'the manager',
  );
  socket = await harness.connect(await harness.login());
}, 180_000);

afterAll(async () => harness?.stop(), 60_000);

function openStudy(params: OpenStudyParams): Promise<WebAck<WebStudy>> {
  return new Promise((resolve) => socket.emit('open-study', params, resolve));
}

describe.runIf(hasTestdata())('opening a study by a study request', () => {
  it('opens a study held by the Core Server by its Study Instance UID', async () => {
    const answer = await openStudy({ studyUid: harness.studyUid });

    expect(answer.ok && answer.result.studyUid).toBe(harness.studyUid);
  }, 60_000);

  it('answers an unknown accession with the Core Server not-found message', async () => {
    const answer = await openStudy({ accessionNumber: 'NOSUCH4711' });

    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe('CORE_STUDY_NOT_FOUND');
    expect(answer.error.message).toMatch(
      /Accession Number NOSUCH4711 .*no Query\/Retrieve node is configured/,
    );
  }, 60_000);

  it('answers an unknown Study Instance UID the same way, naming the UID', async () => {
    const answer = await openStudy({ studyUid: '1.2.826.0.1.3680043.99.1' });

    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe('CORE_STUDY_NOT_FOUND');
    expect(answer.error.message).toMatch(/1\.2\.826\.0\.1\.3680043\.99\.1/);
  }, 60_000);

  it('refuses an accession with a wildcard before asking the worker', async () => {
    const answer = await openStudy({ accessionNumber: 'A*' });

    expect(answer.ok).toBe(false);
    if (answer.ok) return;
    expect(answer.error.code).toBe('WEB_BAD_REQUEST');
  });
});
