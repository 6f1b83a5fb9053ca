import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@atrium/log';
import { RECRUITER_CLOSE_CODES } from '@atrium/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { ManagerRegistry } from '../server/manager-registry.js';

const SECRET = 'registry-test-secret';
let stop: () => Promise<void> = async () => undefined;
afterEach(() => stop());

async function startRegistry() {
  const dir = mkdtempSync(join(tmpdir(), 'atrium-registry-'));
  const log = createLogger({ processName: 'registry-test', dir });
  const registry = new ManagerRegistry({ secret: SECRET, log });
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  registry.attach(server);
  const { port } = server.address() as { port: number };
  stop = async () => {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  };
  return { url: `ws://127.0.0.1:${port}`, registry };
}

/** A raw link: send text, read the answers, see how it closed. */
async function open(url: string) {
  const socket = new WebSocket(url);
  const answers: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (data) => {
    answers.push(JSON.parse(data.toString()) as Record<string, unknown>);
    waiters.splice(0).forEach((wake) => wake());
  });
  const closed = new Promise<number>((resolve) =>
    socket.on('close', (code) => resolve(code)),
  );
  await new Promise((resolve) => socket.once('open', resolve));
  const ask = async (text: string) => {
    const before = answers.length;
    socket.send(text);
    while (answers.length === before) {
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
    return answers[before]!;
  };
  return { socket, ask, closed };
}

const register = (id: number, params: unknown) =>
  JSON.stringify({ id, method: 'Register', params });
const valid = (workerId: string) => ({
  secret: SECRET,
  workerId,
  capacity: 2,
  workers: [],
});

describe('the manager registry', () => {
  it('answers null on the recruiter port with RPC_BAD_MESSAGE and closes', async () => {
    const { url } = await startRegistry();
    const link = await open(url);

    expect(await link.ask('null')).toMatchObject({
      error: { code: 'RPC_BAD_MESSAGE' },
    });
    expect(await link.closed).toBe(RECRUITER_CLOSE_CODES.badMessage);
  });

  it('refuses a second Register on one link', async () => {
    const { url, registry } = await startRegistry();
    const link = await open(url);
    expect(await link.ask(register(1, valid('a')))).toHaveProperty('result');

    expect(await link.ask(register(2, valid('b')))).toMatchObject({
      error: { code: 'WEB_ALREADY_REGISTERED' },
    });
    expect(registry.count).toBe(1);
  });

  it('refuses a workerId that is already connected with close code 4003', async () => {
    const { url, registry } = await startRegistry();
    const first = await open(url);
    await first.ask(register(1, valid('same')));
    const second = await open(url);

    expect(await second.ask(register(1, valid('same')))).toMatchObject({
      error: { code: 'WEB_DUPLICATE_WORKER_ID' },
    });
    expect(await second.closed).toBe(RECRUITER_CLOSE_CODES.duplicateWorkerId);
    expect(registry.count).toBe(1);
  });

  it('answers Register with params null by a WEB_ code, not a TypeError', async () => {
    const { url } = await startRegistry();
    const link = await open(url);

    const answer = await link.ask(register(1, null));
    expect(answer).toMatchObject({ error: { code: 'WEB_BAD_SECRET' } });
    expect(JSON.stringify(answer)).not.toMatch(/TypeError|Cannot read/);
  });

  it('answers a wrong secret with WEB_BAD_SECRET and closes with 4001', async () => {
    const { url } = await startRegistry();
    const link = await open(url);

    expect(
      await link.ask(register(1, { ...valid('a'), secret: 'wrong' })),
    ).toMatchObject({ error: { code: 'WEB_BAD_SECRET' } });
    expect(await link.closed).toBe(RECRUITER_CLOSE_CODES.badSecret);
  });

  it('closes a link whose first message is larger than a few KiB', async () => {
    const { url, registry } = await startRegistry();
    const link = await open(url);
    link.socket.send(register(1, { ...valid('a'), pad: 'x'.repeat(20_000) }));

    expect(await link.closed).toBe(RECRUITER_CLOSE_CODES.badMessage);
    expect(registry.count).toBe(0);
  });
});
