import { describe, expect, it } from 'vitest';
import {
  MAX_FRAMES_PER_EVENT,
  readFrameRequests,
  readOpenStudy,
  readRefusedRequestIds,
  readViewerState,
} from '../server/browser-input.js';

describe('browser input checks', () => {
  it('accept a rendered frame request and keep only known fields', () => {
    const [request] = readFrameRequests({
      requests: [
        {
          requestId: 3,
          sopInstanceUid: '1.2.3',
          frameIndex: 0,
          kind: 'rendered',
          render: { format: 'webp', maxSize: 128, extra: 'dropped' },
          alsoDropped: true,
        },
      ],
    });

    expect(request).toEqual({
      requestId: 3,
      sopInstanceUid: '1.2.3',
      frameIndex: 0,
      kind: 'rendered',
      render: {
        format: 'webp',
        quality: undefined,
        maxSize: 128,
        windowCentre: undefined,
        windowWidth: undefined,
      },
    });
  });

  it('refuse a request naming the field that is wrong', () => {
    expect(() =>
      readFrameRequests({
        requests: [
          { requestId: 0, sopInstanceUid: '1', frameIndex: 0, kind: 'pixel' },
        ],
      }),
    ).toThrow(/requests\[0\]\.requestId/);
    expect(() =>
      readFrameRequests({
        requests: [
          {
            requestId: 1,
            sopInstanceUid: '1',
            frameIndex: 0,
            kind: 'rendered',
          },
        ],
      }),
    ).toThrow(/render\.format/);
    expect(() => readOpenStudy({ studyUid: 'a b' })).toThrow(/studyUid/);
  });

  it('refuse a viewer state without viewports', () => {
    expect(() => readViewerState({ studyUid: '1.2' })).toThrow(/viewports/);
    expect(readViewerState({ studyUid: null, viewports: [] })).toEqual({
      studyUid: null,
      viewports: [],
    });
  });

  it('read an open-study by Study Instance UID or by Accession Number', () => {
    expect(readOpenStudy({ studyUid: '1.2.3' })).toEqual({ studyUid: '1.2.3' });
    expect(readOpenStudy({ accessionNumber: ' A1001 ' })).toEqual({
      accessionNumber: 'A1001',
    });
  });

  it('refuse an accession with wildcards, too long, or beside a UID', () => {
    expect(() => readOpenStudy({ accessionNumber: 'A*' })).toThrow(
      /accessionNumber/,
    );
    expect(() => readOpenStudy({ accessionNumber: 'A'.repeat(17) })).toThrow(
      /accessionNumber/,
    );
    expect(() =>
      readOpenStudy({ studyUid: '1.2', accessionNumber: 'A1' }),
    ).toThrow(/not both/);
    expect(() => readOpenStudy({})).toThrow(/studyUid/);
  });
});

describe('the request ids of a refused frames event', () => {
  it('are the valid ids it names, each once', () => {
    const params = {
      requests: [
        { requestId: 4, frameIndex: -1 },
        null,
        7,
        { requestId: 0 },
        { requestId: 'nine' },
        { requestId: 4 },
        { requestId: 12 },
      ],
    };
    expect(() => readFrameRequests(params)).toThrow(/sopInstanceUid/);
    expect(readRefusedRequestIds(params)).toEqual([4, 12]);
  });

  it('are none when the event names no list, and at most a batch', () => {
    for (const params of [undefined, null, 3, 'x', {}, { requests: {} }]) {
      expect(readRefusedRequestIds(params)).toEqual([]);
    }
    const requests = Array.from(
      { length: MAX_FRAMES_PER_EVENT + 10 },
      (_, i) => ({ requestId: i + 1 }),
    );
    expect(readRefusedRequestIds({ requests })).toHaveLength(
      MAX_FRAMES_PER_EVENT,
    );
  });
});
