import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { USERS } from './support/product.js';
import { expect, test } from './support/journey.js';

// A portal page on another origin of the same site (another port on the
// same host), as a hospital's own web page would embed the viewer.
let portal: Server;
let portalUrl = '';

test.beforeAll(async () => {
  const viewer = process.env.ATRIUM_JOURNEY_BASE_URL!;
  portal = createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html');
    res.end(
      `<!doctype html><title>Portal</title><h1>Hospital portal</h1>` +
        `<iframe title="Atrium" src="${viewer}/login" width="1100" height="680"></iframe>`,
    );
  });
  await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
  portalUrl = `http://127.0.0.1:${(portal.address() as AddressInfo).port}/`;
});

test.afterAll(
  () => new Promise<void>((resolve) => portal.close(() => resolve())),
);

test('answers without cross-origin isolation or frame blocking headers', async ({
  request,
}) => {
  for (const path of ['/login', '/studies']) {
    const answer = await request.get(path, { maxRedirects: 0 });
    const headers = answer.headers();
    expect(headers['x-frame-options'], path).toBeUndefined();
    expect(headers['cross-origin-opener-policy'], path).toBeUndefined();
    expect(headers['cross-origin-embedder-policy'], path).toBeUndefined();
    expect(headers['x-powered-by'], path).toBeUndefined();
  }
});

test('another page embeds the viewer in an iframe and a clinician reviews a study in it', async ({
  page,
}) => {
  await page.goto(portalUrl);
  const frame = page.frameLocator('iframe[title="Atrium"]');
  await frame.locator('input[name="username"]').fill(USERS.clinician.username);
  await frame.locator('input[name="password"]').fill(USERS.clinician.password);
  await frame.getByRole('button', { name: 'Log in' }).click();

  await frame.getByLabel('Patient name').fill('SCD*');
  await frame.getByRole('button', { name: 'Search' }).click();
  await expect(frame.getByTestId('study-row')).toHaveCount(1);
  await frame.getByTestId('study-row').click();
  await expect(
    frame.getByTestId('overlay').locator('[data-field="window"]'),
  ).toHaveText('W/L 1244/622');
  await expect(
    frame.getByTestId('viewport').locator('canvas').first(),
  ).toBeVisible();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);

  await frame.getByRole('button', { name: 'Log out' }).click();
  await expect(frame.locator('input[name="username"]')).toBeVisible();
});
