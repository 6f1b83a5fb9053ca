import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, logOut, overlayField, test } from './support/journey.js';
import { USERS } from './support/product.js';

// The Sunnybrook stack has no accession number; the ECG waveform study of
// the same import has one, so it stands for a study launched by accession.
const SUNNYBROOK_UID = '2.16.124.113543.6006.99.08980635789900778171';
const ECG_ACCESSION = '03028041970546';
const ECG_UID = '1.3.76.13.65829.2.20130125082826.1072139.2';

async function logInOnForm(page: Page, password: string): Promise<void> {
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  const endOther = page.getByRole('button', {
    name: 'End the other session and log in',
  });
  await expect(endOther.or(page.getByTestId('viewport').first())).toBeVisible();
  if (await endOther.isVisible()) await endOther.click();
}

test.afterEach(async ({ page }) => {
  if (await page.getByRole('button', { name: 'Log out' }).isVisible())
    await logOut(page);
});

test('a launch link logs in with the named user filled in, opens the study, switches study and closes it', async ({
  page,
}) => {
  await page.goto(
    `/launch?studyuid=${SUNNYBROOK_UID}&username=${USERS.clinician.username}`,
  );
  await expect(page).toHaveURL(/\/login\?/);
  await expect(page.locator('input[name="username"]')).toHaveValue(
    USERS.clinician.username,
  );
  await logInOnForm(page, USERS.clinician.password);

  await expect(page).toHaveURL(new RegExp(`/viewer/${SUNNYBROOK_UID}$`));
  await expect(overlayField(page, 'patient')).toHaveText('SCD0000101');

  // A second launch in the same session goes to the new study, found by
  // its accession number through the Core Server.
  await page.goto(`/launch?accession=${ECG_ACCESSION}`);
  await expect(page).toHaveURL(new RegExp(`/viewer/${ECG_UID}$`));

  await page.goto('/launch?unload-study=1');
  await expect(page).toHaveURL(/\/studies/);
  await expect(page.getByTestId('viewport')).toHaveCount(0);
});

test('a launch for an accession nobody holds returns to the study list saying so', async ({
  clinician: page,
}) => {
  await page.goto('/launch?accession=NOSUCH4711');
  await expect(page).toHaveURL(/\/studies/);
  await expect(
    page.getByRole('status').filter({ hasText: 'NOSUCH4711' }),
  ).toContainText('Accession Number NOSUCH4711');
});

test('a launch link carrying a password is refused and logs nobody in', async ({
  page,
}) => {
  await page.goto(
    `/launch?studyuid=${SUNNYBROOK_UID}&username=${USERS.clinician.username}&password=${USERS.clinician.password}`,
  );
  await expect(page.getByTestId('launch-refused')).toContainText(
    'never accepts in a link',
  );
  await page.goto('/studies');
  await expect(page).toHaveURL(/\/login/);
});

test('a launch naming another user logs the current one out first', async ({
  clinician: page,
}) => {
  await page.goto(
    `/launch?studyuid=${SUNNYBROOK_UID}&username=${USERS.admin.username}`,
  );
  await expect(page).toHaveURL(/\/login\?/);
  await expect(page.locator('input[name="username"]')).toHaveValue(
    USERS.admin.username,
  );
  await page.goto('/studies');
  await expect(page).toHaveURL(/\/login/);
});

test('a launch link opens the study inside an iframe of another page of the site', async ({
  page,
}) => {
  const viewer = process.env.ATRIUM_JOURNEY_BASE_URL!;
  const portal: Server = createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html');
    res.end(
      `<!doctype html><title>RIS</title>` +
        `<iframe title="Atrium" width="1100" height="680" ` +
        `src="${viewer}/launch?studyuid=${SUNNYBROOK_UID}&username=${USERS.clinician.username}"></iframe>`,
    );
  });
  await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve));
  try {
    const port = (portal.address() as AddressInfo).port;
    await page.goto(`http://127.0.0.1:${port}/`);
    const frame = page.frameLocator('iframe[title="Atrium"]');
    await expect(frame.locator('input[name="username"]')).toHaveValue(
      USERS.clinician.username,
    );
    await frame
      .locator('input[name="password"]')
      .fill(USERS.clinician.password);
    await frame.getByRole('button', { name: 'Log in' }).click();
    const endOther = frame.getByRole('button', {
      name: 'End the other session and log in',
    });
    const overlay = frame
      .getByTestId('overlay')
      .first()
      .locator('[data-field="patient"]');
    await expect(endOther.or(overlay)).toBeVisible();
    if (await endOther.isVisible()) await endOther.click();
    await expect(overlay).toHaveText('SCD0000101');
    await frame.getByRole('button', { name: 'Log out' }).click();
    await expect(frame.locator('input[name="username"]')).toBeVisible();
  } finally {
    await new Promise<void>((resolve) => portal.close(() => resolve()));
  }
});
