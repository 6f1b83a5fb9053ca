import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, overlayField, test, testdataPath } from './support/journey.js';
import { startPacsProduct, type PacsProduct } from './support/pacs-product.js';
import { SUNNYBROOK, USERS } from './support/product.js';

// The journey: a study only the hospital PACS (Orthanc) holds is
// opened by a launch link with its accession number; Atrium retrieves it
// on demand, showing the progress bar, then the images.
const ACCESSION = 'PACS-0101';
const SUNNYBROOK_UID = '2.16.124.113543.6006.99.08980635789900778171';

let pacs: PacsProduct;
// The RIS endpoint a study-request-url names: it says who and which study.
let ris: Server;
let risUrl = '';

test.beforeAll(async () => {
  test.setTimeout(180_000);
  ris = createServer((_req, res) => {
    res.setHeader('Content-Type', 'application/json');
    res.end(
      JSON.stringify({
        username: USERS.clinician.username,
        accession: ACCESSION,
      }),
    );
  });
  await new Promise<void>((resolve) => ris.listen(0, '127.0.0.1', resolve));
  risUrl = `http://127.0.0.1:${(ris.address() as AddressInfo).port}/ris/`;
  pacs = await startPacsProduct(testdataPath(SUNNYBROOK), ACCESSION, risUrl);
});

test.afterAll(async () => {
  test.setTimeout(60_000);
  await pacs?.stop();
  await new Promise<void>((resolve) => ris?.close(() => resolve()));
});

test('a launch by accession retrieves a study only the PACS holds, with a progress bar, then shows it', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto(
    `${pacs.baseUrl}/launch?accession=${ACCESSION}&username=${USERS.clinician.username}`,
  );
  await expect(page.locator('input[name="username"]')).toHaveValue(
    USERS.clinician.username,
  );
  await page.locator('input[name="password"]').fill(USERS.clinician.password);
  await page.getByRole('button', { name: 'Log in' }).click();

  // The retrieve of 240 objects takes a few seconds on loopback; the bar
  // shows from the first object until the viewer takes over. A machine fast
  // enough to retrieve the whole study between two checks would miss it.
  await expect(page.getByTestId('launch-opening')).toBeVisible();
  await expect(
    page.getByRole('status').filter({ hasText: /Retrieving the study: \d+/ }),
  ).toBeVisible();

  await expect(page).toHaveURL(
    new RegExp(`/viewer/${SUNNYBROOK_UID.replaceAll('.', '\\.')}$`),
    { timeout: 120_000 },
  );
  await expect(overlayField(page, 'patient')).toHaveText('SCD0000101');
  await expect(overlayField(page, 'window')).toHaveText('W/L 1244/622');
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login/);
});

test('a launch naming an allowed study-request-url opens the user and study it answers', async ({
  page,
}) => {
  const ask = encodeURIComponent(`${risUrl}launch?order=7`);
  await page.goto(`${pacs.baseUrl}/launch?study-request-url=${ask}`);
  await expect(page.locator('input[name="username"]')).toHaveValue(
    USERS.clinician.username,
  );
  await page.locator('input[name="password"]').fill(USERS.clinician.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(
    new RegExp(`/viewer/${SUNNYBROOK_UID.replaceAll('.', '\\.')}$`),
  );
  await expect(overlayField(page, 'patient')).toHaveText('SCD0000101');
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login/);
});

test('a launch naming an endpoint off the allow-list is refused', async ({
  page,
}) => {
  const ask = encodeURIComponent('http://127.0.0.1:9/elsewhere');
  await page.goto(`${pacs.baseUrl}/launch?study-request-url=${ask}`);
  await expect(page.getByTestId('launch-refused')).toContainText(
    'not on the list of endpoints',
  );
});
