import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  askStudyRequest,
  isAllowedEndpoint,
} from '../src/lib/server/study-request.js';

// A hospital system's endpoint on loopback, answering per path.
const ANSWERS: Record<string, [number, string, Record<string, string>?]> = {
  '/ris/launch/1': [200, '{"username":"clinician","accession":"ATR-0101"}'],
  '/ris/launch/2': [200, '{"studyuid":"1.2.840.7"}'],
  '/ris/launch/password': [
    200,
    '{"username":"clinician","password":"x","accession":"A1"}',
  ],
  '/ris/launch/missing': [404, 'no such request'],
  '/ris/launch/text': [200, 'accession=A1'],
  '/ris/launch/moved': [302, '', { location: '/ris/launch/1' }],
};

let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const [status, body, headers] = ANSWERS[req.url ?? ''] ?? [404, ''];
    res.writeHead(status, headers).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('study-request endpoints', () => {
  it('allow only URLs under an allow-list prefix, same origin and path', () => {
    const list = 'https://ris.example/launch/ http://pacs.example:8080/api';
    expect(isAllowedEndpoint('https://ris.example/launch/42', list)).toBe(true);
    expect(isAllowedEndpoint('http://pacs.example:8080/api?id=1', list)).toBe(
      true,
    );
    expect(isAllowedEndpoint('http://pacs.example:8080/apix', list)).toBe(
      false,
    );
    expect(isAllowedEndpoint('http://ris.example/launch/42', list)).toBe(false);
    expect(isAllowedEndpoint('https://ris.example.evil/launch/', list)).toBe(
      false,
    );
    expect(
      isAllowedEndpoint('https://user:pw@ris.example/launch/42', list),
    ).toBe(false);
    expect(isAllowedEndpoint('https://ris.example/launch/42', '')).toBe(false);
  });

  it('read the user and the study an allowed endpoint names', async () => {
    const list = `${base}/ris/launch/`;
    expect(await askStudyRequest(`${base}/ris/launch/1`, list)).toEqual({
      kind: 'open',
      study: { accessionNumber: 'ATR-0101' },
      username: 'clinician',
    });
    expect(await askStudyRequest(`${base}/ris/launch/2`, list)).toEqual({
      kind: 'open',
      study: { studyUid: '1.2.840.7' },
      username: null,
    });
  });

  it('never call an endpoint off the allow-list', async () => {
    const answer = await askStudyRequest(
      `${base}/ris/launch/1`,
      `${base}/other/`,
    );
    expect(answer).toMatchObject({ kind: 'refused' });
    expect(answer.kind === 'refused' && answer.message).toMatch(
      /not on the list/,
    );
  });

  it('refuse answers carrying a password, failing, not JSON or redirecting', async () => {
    const list = `${base}/ris/launch/`;
    const messages: string[] = [];
    for (const path of ['password', 'missing', 'text', 'moved']) {
      const answer = await askStudyRequest(`${base}/ris/launch/${path}`, list);
      expect(answer.kind, path).toBe('refused');
      if (answer.kind === 'refused') messages.push(answer.message);
    }
    expect(messages[0]).toMatch(/password/);
    expect(messages[1]).toMatch(/HTTP 404/);
    expect(messages[2]).toMatch(/JSON/);
    expect(messages[3]).toMatch(/could not be asked/);
  });
});
