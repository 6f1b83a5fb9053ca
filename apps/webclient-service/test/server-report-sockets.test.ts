/**
 * The live sockets the /report/ proxy joins to the report server are let
 * go of however the browser leaves: one that stops reading and then goes
 * away, one that drops mid-message, one that never closes its side. The
 * report server here is an upstream of this file's own on loopback that
 * switches protocols and then floods the socket, or says a little and
 * ends it. Browser, service and upstream all run in this process, so its
 * file descriptors show whether anything is kept.
 */
import { readdirSync, readlinkSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSite, upgradeRequest, type Site } from './report-site.js';
import { waitUntil } from './server-harness.js';

/** One upstream connection and since when its writes are held up. */
interface Upstream {
  socket: Socket;
  /** When a write last had to wait for a drain that has not come. */
  stalledSince: number | null;
}

let site: Site;
let upstream: Server;
const upstreams = new Set<Upstream>();
const browsers: Socket[] = [];

beforeAll(async () => {
  upstream = createServer((socket) => serveUpgrade(socket));
  await new Promise<void>((resolve) =>
    upstream.listen(0, '127.0.0.1', resolve),
  );
  const { port } = upstream.address() as { port: number };
  site = await startSite(`http://127.0.0.1:${port}`);
});

afterAll(async () => {
  for (const browser of browsers) browser.destroy();
  for (const { socket } of upstreams) socket.destroy();
  upstream?.close();
  await site?.stop();
});

describe('live sockets through the /report/ proxy', () => {
  it('are let go of when a browser that stopped reading goes away', async () => {
    const before = countDescriptors();
    const opened = await openBrowsers(4, '/report/live?mode=flood');
    for (const browser of opened) browser.pause();
    // Everything between the upstream and the browser fills up.
    await waitUntil(
      () =>
        [...upstreams].every(
          (u) => u.stalledSince !== null && Date.now() - u.stalledSince > 500,
        ),
      20_000,
      'the flood to back up',
    );

    for (const browser of opened) browser.destroy();

    await expectDescriptors(before);
    expect(upstreams.size).toBe(0);
  });

  it('are let go of when a reading browser drops mid-message', async () => {
    const before = countDescriptors();
    const opened = await openBrowsers(4, '/report/live?mode=flood');
    await Promise.all(
      opened.map(
        (browser) =>
          new Promise<void>((resolve) => {
            let read = 0;
            browser.on('data', (chunk: Buffer) => {
              read += chunk.length;
              if (read < 256 * 1024 || browser.destroyed) return;
              browser.destroy();
              resolve();
            });
            browser.resume();
          }),
      ),
    );

    await expectDescriptors(before);
    expect(upstreams.size).toBe(0);
  });

  it('are let go of when the report server ends one and the browser never closes its side', async () => {
    const before = countDescriptors();
    // A browser that has vanished from the network behaves like this one:
    // it never answers the service's end with its own.
    const opened = await openBrowsers(2, '/report/live?mode=end', {
      allowHalfOpen: true,
    });
    await Promise.all(
      opened.map(
        (browser) =>
          new Promise((resolve) => {
            browser.resume();
            browser.once('end', resolve);
          }),
      ),
    );

    // Only the browsers' own sockets are left open.
    await expectDescriptors(before + opened.length);
    expect(upstreams.size).toBe(0);
    for (const browser of opened) browser.destroy();
    await expectDescriptors(before);
  });

  it('let go of a refused browser that never closes its side', async () => {
    const before = countDescriptors();
    const [browser] = await openBrowsers(1, '/report/live?mode=end', {
      allowHalfOpen: true,
      cookie: '',
    });
    const answer = await new Promise<string>((resolve) => {
      let text = '';
      browser!.on('data', (chunk) => (text += chunk.toString()));
      browser!.once('end', () => resolve(text));
      browser!.resume();
    });
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);

    await expectDescriptors(before + 1);
    browser!.destroy();
    await expectDescriptors(before);
  });
});

/**
 * Opens `count` live sockets through the service; resolves once each has
 * read the first bytes of the service's answer.
 */
function openBrowsers(
  count: number,
  path: string,
  options: { allowHalfOpen?: boolean; cookie?: string } = {},
): Promise<Socket[]> {
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Socket>((resolve, reject) => {
          const browser = connect({
            host: '127.0.0.1',
            port: site.port,
            allowHalfOpen: options.allowHalfOpen ?? false,
          });
          browsers.push(browser);
          browser.on('error', () => undefined);
          browser.once('connect', () =>
            browser.write(
              upgradeRequest(site, options.cookie ?? site.cookie, path),
            ),
          );
          browser.once('data', (chunk: Buffer) => {
            browser.pause();
            browser.unshift(chunk);
            resolve(browser);
          });
          browser.once('close', () => reject(new Error('closed unopened')));
        }),
    ),
  );
}

/**
 * The upstream's side: reads the upgrade request, switches protocols,
 * then floods (`mode=flood`) or writes a little and ends (`mode=end`).
 */
function serveUpgrade(socket: Socket): void {
  const entry: Upstream = { socket, stalledSince: null };
  upstreams.add(entry);
  socket.on('close', () => upstreams.delete(entry));
  socket.on('error', () => undefined);

  let head = '';
  const readHead = (chunk: Buffer) => {
    head += chunk.toString('latin1');
    if (!head.includes('\r\n\r\n')) return;
    socket.off('data', readHead);
    // Whatever the browser sends after is read and dropped.
    socket.resume();
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\n' +
        'Upgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
    );
    if (head.includes('mode=flood')) flood(entry);
    else socket.end('x'.repeat(1024));
  };
  socket.on('data', readHead);
}

/** Writes 256 KiB chunks for as long as they are taken, up to 256 MiB. */
function flood(entry: Upstream): void {
  const chunk = Buffer.alloc(256 * 1024, 0x61);
  let left = 1024;
  const write = () => {
    entry.stalledSince = null;
    while (left > 0 && !entry.socket.destroyed) {
      left -= 1;
      if (!entry.socket.write(chunk)) {
        entry.stalledSince = Date.now();
        return;
      }
    }
  };
  entry.socket.on('drain', write);
  write();
}

/** File descriptors of this process that are sockets. */
function countDescriptors(): number {
  let sockets = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith('socket:')) {
        sockets += 1;
      }
    } catch {
      // The descriptor readdir itself used is gone by now.
    }
  }
  return sockets;
}

/** Waits (20 s at most) for the socket count to come to `expected`. */
async function expectDescriptors(expected: number): Promise<void> {
  await waitUntil(() => countDescriptors() === expected, 20_000, 'fds').catch(
    () => undefined,
  );
  expect(countDescriptors()).toBe(expected);
}
