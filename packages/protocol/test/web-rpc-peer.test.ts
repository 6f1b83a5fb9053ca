import { describe, expect, it } from 'vitest';
import { AtriumError } from '../src/errors.js';
import { RpcPeer } from '../src/web-rpc-peer.js';

interface AskMethods {
  Add: { params: { a: number; b: number }; result: number };
}
type NoMethods = object;
interface Events {
  Tick: { n: number };
}

function linkPair() {
  const a = new RpcPeer<AskMethods, NoMethods, Events, Events>((text) =>
    queueMicrotask(() => b.receive(text)),
  );
  const b = new RpcPeer<NoMethods, AskMethods, Events, Events>((text) =>
    queueMicrotask(() => a.receive(text)),
  );
  return { a, b };
}

describe('RPC peers', () => {
  it('answer a request with the handler result', async () => {
    const { a, b } = linkPair();
    b.handle('Add', ({ a: x, b: y }) => x + y);

    await expect(a.request('Add', { a: 2, b: 3 })).resolves.toBe(5);
  });

  it('carry a thrown AtriumError back by its code', async () => {
    const { a, b } = linkPair();
    b.handle('Add', () => {
      throw new AtriumError('MGR_FULL', 'This manager is full');
    });

    await expect(a.request('Add', { a: 1, b: 1 })).rejects.toMatchObject({
      code: 'MGR_FULL',
      message: 'This manager is full',
    });
  });

  it('reject a method the other end does not answer', async () => {
    const { a } = linkPair();

    await expect(a.request('Add', { a: 1, b: 1 })).rejects.toMatchObject({
      code: 'RPC_UNKNOWN_METHOD',
    });
  });

  it('deliver events to their listener', async () => {
    const { a, b } = linkPair();
    const got = new Promise((resolve) => b.on('Tick', resolve));
    a.notify('Tick', { n: 7 });

    await expect(got).resolves.toEqual({ n: 7 });
  });

  it('reject unanswered requests when the link closes', async () => {
    const a = new RpcPeer<AskMethods, NoMethods, Events, Events>(() => {});
    const answer = a.request('Add', { a: 1, b: 2 });
    a.close();

    await expect(answer).rejects.toMatchObject({ code: 'RPC_LINK_CLOSED' });
    await expect(a.request('Add', { a: 1, b: 2 })).rejects.toMatchObject({
      code: 'RPC_LINK_CLOSED',
    });
  });

  it('reject a request whose answer does not come in time', async () => {
    const a = new RpcPeer<AskMethods, NoMethods, Events, Events>(() => {});

    await expect(a.request('Add', { a: 1, b: 2 }, 20)).rejects.toMatchObject({
      code: 'RPC_TIMEOUT',
    });
  });

  it('answer RPC_BAD_MESSAGE to JSON that is not an RPC object, without throwing', () => {
    const sent: string[] = [];
    const peer = new RpcPeer<NoMethods, AskMethods, Events, Events>((text) =>
      sent.push(text),
    );
    for (const text of [
      'null',
      '7',
      '"x"',
      '[]',
      'true',
      '{}',
      '{"id":0}',
      'nope',
    ]) {
      expect(peer.receive(text)).toBe(false);
    }

    expect(sent).toHaveLength(8);
    for (const text of sent) {
      expect(JSON.parse(text)).toMatchObject({
        id: null,
        error: { code: 'RPC_BAD_MESSAGE' },
      });
    }
  });

  it('keep what an event listener throws inside receive and report it', () => {
    const reported: unknown[] = [];
    const peer = new RpcPeer<NoMethods, AskMethods, Events, Events>(
      () => undefined,
      (error) => reported.push(error),
    );
    peer.on('Tick', (data) => {
      throw new TypeError(`cannot read ${String(data)}`);
    });

    expect(peer.receive('{"event":"Tick","data":null}')).toBe(true);
    expect(reported).toHaveLength(1);
  });

  it('reject with RPC_BAD_MESSAGE when an answer carries no usable error', async () => {
    const sent: string[] = [];
    const peer = new RpcPeer<AskMethods, NoMethods, Events, Events>((text) =>
      sent.push(text),
    );
    const asked = peer.request('Add', { a: 1, b: 2 });
    const { id } = JSON.parse(sent[0]!) as { id: number };
    peer.receive(JSON.stringify({ id, error: null }));

    await expect(asked).rejects.toMatchObject({ code: 'RPC_BAD_MESSAGE' });
  });
});
