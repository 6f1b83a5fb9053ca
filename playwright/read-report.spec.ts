import {
  expect,
  findSunnybrook,
  logIn,
  logOut,
  test,
} from './support/journey.js';

// The development certificate is signed by a CA the browser does not know.
test.use({ ignoreHTTPSErrors: true });

const SUNNYBROOK_STUDY = '2.16.124.113543.6006.99.08980635789900778171';

test('a clinician reads a study report over HTTPS, live through the same origin', async ({
  page,
}) => {
  const httpsUrl = process.env.ATRIUM_JOURNEY_HTTPS_URL!;
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) {
      violations.push(message.text());
    }
  });
  const sockets: string[] = [];
  page.on('websocket', (socket) => sockets.push(socket.url()));

  await logIn(page, undefined, httpsUrl);
  await findSunnybrook(page);
  await page.goto(`${httpsUrl}/report/study/${SUNNYBROOK_STUDY}`);

  await expect(page.locator('#patient-name')).toContainText('SCD0000101');
  await expect(page.locator('#series tbody tr')).toHaveCount(1);
  await expect(page.locator('#series')).toContainText('12 slices × 20 phases');
  await expect(page.locator('#no-measurements')).toBeVisible();
  // The page's socket reached the report server through the service.
  await expect(page.locator('#live-status')).toHaveAttribute(
    'data-state',
    'live',
  );
  const origin = new URL(httpsUrl).host;
  expect(sockets).toContain(
    `wss://${origin}/report/live?study=${SUNNYBROOK_STUDY}`,
  );
  expect(violations).toEqual([]);

  // Logging out elsewhere ends the page's live updates and says why.
  await page.goto(`${httpsUrl}/studies`);
  const report = await page.context().newPage();
  await report.goto(`${httpsUrl}/report/study/${SUNNYBROOK_STUDY}`);
  await expect(report.locator('#live-status')).toHaveAttribute(
    'data-state',
    'live',
  );
  await logOut(page);
  await expect(report.locator('#live-status')).toHaveText(
    'Your session has ended. Log in again to see live updates.',
  );
});

test('a report link opened without a login comes back to the report after logging in', async ({
  page,
}) => {
  const httpsUrl = process.env.ATRIUM_JOURNEY_HTTPS_URL!;
  await page.goto(`${httpsUrl}/report/study/${SUNNYBROOK_STUDY}`);
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await page.locator('input[name="username"]').fill('clinician');
  await page.locator('input[name="password"]').fill('Journey-clinician-Pw1');
  await page.getByRole('button', { name: 'Log in' }).click();
  const endOther = page.getByRole('button', {
    name: 'End the other session and log in',
  });
  await expect(endOther.or(page.locator('#patient-name'))).toBeVisible();
  if (await endOther.isVisible()) await endOther.click();
  await expect(page.locator('#patient-name')).toContainText('SCD0000101');
  await page.goto(`${httpsUrl}/studies`);
  await logOut(page);
});

test('a browser cannot name its own user to the report server', async ({
  request,
}) => {
  const httpsUrl = process.env.ATRIUM_JOURNEY_HTTPS_URL!;
  const answer = await request.get(
    `${httpsUrl}/report/api/study/${SUNNYBROOK_STUDY}`,
    { headers: { 'x-atrium-core-token': 'a.b.c', 'x-atrium-user': 'admin' } },
  );
  expect(answer.status()).toBe(401);
  expect(await answer.text()).toBe('Log in to see reports\n');
});
