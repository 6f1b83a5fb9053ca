import { USERS } from './support/product.js';
import { expect, logOut, test } from './support/journey.js';

test('logging in elsewhere asks first, then ends the other session', async ({
  browser,
}) => {
  const { username, password } = USERS.clinician;
  const first = await browser.newPage();
  const second = await browser.newPage({ storageState: undefined });
  const baseURL = process.env.ATRIUM_JOURNEY_BASE_URL!;

  const fillLogin = async (page: typeof first) => {
    await page.goto(`${baseURL}/login`);
    await page.locator('input[name="username"]').fill(username);
    await page.locator('input[name="password"]').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
  };

  await fillLogin(first);
  await expect(first).toHaveURL(/\/studies/);

  // The second browser is told where the first session is, in the Core
  // Server's words, and chooses.
  await fillLogin(second);
  await expect(
    second.getByRole('form', { name: 'Log in' }).getByRole('alert'),
  ).toHaveText(
    /^clinician is already logged in from .+; end that session or cancel$/,
  );
  // The other session's start reads as a local time, not ISO UTC.
  await expect(
    second.getByRole('form', { name: 'Log in' }).getByRole('alert'),
  ).not.toHaveText(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
  await second.getByRole('button', { name: 'Cancel' }).click();
  await expect(second.getByRole('button', { name: 'Log in' })).toBeVisible();
  await second.getByRole('button', { name: 'Log in' }).click();
  await second
    .getByRole('button', { name: 'End the other session and log in' })
    .click();
  await expect(second).toHaveURL(/\/studies/);

  // The first browser learns its session has ended and returns to login.
  await expect(first).toHaveURL(/\/login/, { timeout: 20_000 });
  await expect(first.getByRole('status')).toHaveText(
    /your user name was used to log in on another computer or browser/,
  );
  await logOut(second);
  await Promise.all([first.close(), second.close()]);
});
