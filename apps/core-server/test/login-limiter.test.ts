import { describe, expect, it } from 'vitest';
import { LoginLimiter } from '../src/rpc/login-limiter.js';

describe('the login limiter', () => {
  it('runs a few logins per address, queues the next in order and refuses the rest', async () => {
    const limiter = new LoginLimiter(2, 2);
    const first = await limiter.take('10.0.0.1');
    const second = await limiter.take('10.0.0.1');
    const order: string[] = [];
    const third = limiter.take('10.0.0.1').then((end) => {
      order.push('third');
      return end;
    });
    const fourth = limiter.take('10.0.0.1').then((end) => {
      order.push('fourth');
      return end;
    });
    await expect(limiter.take('10.0.0.1')).rejects.toMatchObject({
      code: 'CORE_TOO_MANY_LOGINS',
    });

    // Another address is not held up.
    const elsewhere = await limiter.take('10.0.0.2');
    expect(limiter.runningFor('10.0.0.2')).toBe(1);

    first();
    first();
    (await third)();
    second();
    (await fourth)();
    expect(order).toEqual(['third', 'fourth']);
    expect(limiter.runningFor('10.0.0.1')).toBe(0);
    elsewhere();
    expect(limiter.runningFor('10.0.0.2')).toBe(0);
  });
});
