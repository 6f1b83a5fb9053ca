import { listRenderWorkers, newRenderWorkers } from './support/processes.js';
import { readHealth } from './support/product.js';
import {
  expect,
  findSunnybrook,
  logIn,
  logOut,
  openFirstStudy,
  test,
} from './support/journey.js';

test('logging out ends the session worker process', async ({
  page,
  baseURL,
}) => {
  const before = listRenderWorkers();
  await logIn(page);
  await findSunnybrook(page);
  await openFirstStudy(page);

  // This browser session has a worker of its own, in health and in ps.
  const mine = newRenderWorkers(before);
  expect(mine).toHaveLength(1);
  const during = await readHealth(baseURL!);
  expect(during.workers).toBeGreaterThanOrEqual(1);
  expect(during.sessions).toBeGreaterThanOrEqual(1);

  await logOut(page);

  // Gone within 10 s: from the process table and from the health counts.
  await expect
    .poll(() => listRenderWorkers().filter((pid) => mine.includes(pid)), {
      timeout: 10_000,
    })
    .toEqual([]);
  await expect
    .poll(async () => (await readHealth(baseURL!)).workers, { timeout: 10_000 })
    .toBeLessThan(during.workers);
});
