import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreClient } from '@atrium/core-client';
import {
  MAX_MEASUREMENTS,
  type Measurement,
  type StudyChangedEvent,
} from '@atrium/protocol';
import {
  startHarness,
  type CoreServerHarness,
} from './support/core-server-harness.js';
import {
  importSyntheticStudy,
  type SyntheticStudy,
} from './support/synthetic-study.js';

let harness: CoreServerHarness;
let study: SyntheticStudy;
let other: SyntheticStudy;

beforeAll(async () => {
  harness = await startHarness();
  study = await importSyntheticStudy(harness);
  other = await importSyntheticStudy(harness, '1.2.826.0.1.3680043.9.7777.2');
  await harness.addUser('ann', ['Analyst']);
  await harness.addUser('bob', ['Analyst']);
  await harness.addUser('vic', ['Viewer']);
});
afterAll(async () => harness?.stop());

function lengthOn(target: SyntheticStudy, id = 'm1'): Measurement {
  return {
    id,
    kind: 'length',
    seriesUid: target.seriesUid,
    sopInstanceUid: target.sopInstanceUid,
    frame: 1,
    points: [
      [0.5, 0.5],
      [1.5, 1.5],
    ],
    value: 1.41,
    unit: 'mm',
    label: 'LV',
  };
}

async function login(userId: string): Promise<CoreClient> {
  const client = await harness.connect('client');
  await client.authenticate(userId, `${userId}-Pw1`, {
    closeOtherSessions: true,
  });
  return client;
}

/** Collects the StudyChanged events a client receives. */
function eventsOf(client: CoreClient): StudyChangedEvent[] {
  const events: StudyChangedEvent[] = [];
  client.on('StudyChanged', (event) => events.push(event));
  return events;
}

describe('saved measurements', () => {
  it('start empty, come back as saved, and are replaced by each save', async () => {
    const ann = await login('ann');
    expect(await ann.listMeasurements(study.studyUid)).toEqual({
      measurements: [],
      savedAt: null,
    });

    const first = await ann.saveMeasurements(study.studyUid, [lengthOn(study)]);
    expect(first.count).toBe(1);
    expect(await ann.listMeasurements(study.studyUid)).toEqual({
      measurements: [lengthOn(study)],
      savedAt: first.savedAt,
    });

    await ann.saveMeasurements(study.studyUid, []);
    expect((await ann.listMeasurements(study.studyUid)).measurements).toEqual(
      [],
    );
  });

  it('are each user’s own', async () => {
    const ann = await login('ann');
    await ann.saveMeasurements(study.studyUid, [lengthOn(study, 'ann-1')]);
    const bob = await login('bob');
    expect((await bob.listMeasurements(study.studyUid)).measurements).toEqual(
      [],
    );
  });

  it('need SaveWorkspace to save, and ViewStudy to read', async () => {
    const vic = await login('vic');
    await expect(
      vic.saveMeasurements(study.studyUid, [lengthOn(study)]),
    ).rejects.toMatchObject({ code: 'CORE_PERMISSION_DENIED' });
    expect((await vic.listMeasurements(study.studyUid)).savedAt).toBeNull();
  });

  it('must lie on an instance of the study they are saved on', async () => {
    const ann = await login('ann');
    await expect(
      ann.saveMeasurements(study.studyUid, [lengthOn(other)]),
    ).rejects.toMatchObject({
      code: 'CORE_INSTANCE_NOT_FOUND',
      message: `Instance ${other.sopInstanceUid} is not part of study ${study.studyUid}`,
    });
    await expect(
      ann.saveMeasurements('1.2.3.404', [lengthOn(study)]),
    ).rejects.toMatchObject({ code: 'CORE_STUDY_NOT_FOUND' });
  });

  it('refuse malformed items with the item and field at fault', async () => {
    const ann = await login('ann');
    const cases: [unknown, string][] = [
      [[{ ...lengthOn(study), kind: 'angle' }], 'measurements[0].kind'],
      [
        [{ ...lengthOn(study), points: [[0, 0]] }],
        'measurements[0].points must be 2 [column, row] points',
      ],
      [
        [
          {
            ...lengthOn(study),
            points: [
              [0, 0],
              [1, 'x'],
            ],
          },
        ],
        'measurements[0].points must be 2',
      ],
      [[{ ...lengthOn(study), value: -1 }], 'measurements[0].value'],
      [[{ ...lengthOn(study), frame: 0 }], 'measurements[0].frame'],
      [[{ ...lengthOn(study), label: 'a\u0007b' }], 'control or invisible'],
      [[{ ...lengthOn(study), script: '<b>' }], 'unknown field script'],
      [[lengthOn(study), lengthOn(study)], 'measurements[1].id is used twice'],
      ['nope', 'measurements must be a list'],
      [
        Array.from({ length: MAX_MEASUREMENTS + 1 }, (_, i) =>
          lengthOn(study, `m${i}`),
        ),
        `at most ${MAX_MEASUREMENTS} items`,
      ],
    ];
    for (const [measurements, words] of cases) {
      const error = await ann
        .callUnchecked('SaveMeasurements', {
          studyUid: study.studyUid,
          measurements,
        })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).toMatchObject({ code: 'CORE_INVALID_PARAMS' });
      expect((error as Error).message).toContain(words);
    }
  });

  it('are logged as SaveMeasurements with the study and count, never labels', async () => {
    const ann = await login('ann');
    await ann.saveMeasurements(study.studyUid, [
      { ...lengthOn(study), label: 'secret-label' },
    ]);
    const entry = harness
      .logEntries()
      .reverse()
      .find((e) => e.op === 'SaveMeasurements' && e.status === 'Success');
    expect(entry).toMatchObject({
      type: 'AccessLog',
      user: 'ann',
      studyUid: study.studyUid,
      count: 1,
    });
    expect(typeof entry?.latencysms).toBe('number');
    expect(harness.logText()).not.toContain('secret-label');
  });
});

describe('study watch', () => {
  it('tells the saving user’s other connections, and nobody else', async () => {
    const ann = await login('ann');
    const { token } = await ann.renewToken();
    const annPage = await harness.connect('client');
    await annPage.attachToken(token);
    const bob = await login('bob');
    const annEvents = eventsOf(annPage);
    const bobEvents = eventsOf(bob);
    await annPage.watchStudy(study.studyUid);
    await bob.watchStudy(study.studyUid);

    await ann.saveMeasurements(study.studyUid, [lengthOn(study)]);
    // Bob's own save is an answered call: once it is back, any event from
    // Ann's save would have arrived before it on Bob's ordered socket.
    await bob.listMeasurements(study.studyUid);
    await annPage.listMeasurements(study.studyUid);
    expect(annEvents).toEqual([
      { studyUid: study.studyUid, change: 'measurements' },
    ]);
    expect(bobEvents).toEqual([]);
  });

  it('ends with UnwatchStudy and refuses unknown studies', async () => {
    const ann = await login('ann');
    const events = eventsOf(ann);
    expect(await ann.watchStudy(study.studyUid)).toEqual({ watching: 1 });
    expect(await ann.watchStudy(other.studyUid)).toEqual({ watching: 2 });
    expect(await ann.unwatchStudy(study.studyUid)).toEqual({ watching: 1 });
    await ann.saveMeasurements(study.studyUid, []);
    expect(events).toEqual([]);
    await expect(ann.watchStudy('1.2.3.404')).rejects.toMatchObject({
      code: 'CORE_STUDY_NOT_FOUND',
    });
  });

  it('needs ViewStudy', async () => {
    await harness.addUser('ua', ['User Administrator']);
    const ua = await login('ua');
    await expect(ua.watchStudy(study.studyUid)).rejects.toMatchObject({
      code: 'CORE_PERMISSION_DENIED',
    });
  });
});
