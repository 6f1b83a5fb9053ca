import { FAILED_LOGINS_BEFORE_LOCK, USERS } from './support/product.js';
import { expect, logIn, logOut, test } from './support/journey.js';

test('a clinician logs in and reaches the study list', async ({ page }) => {
  await logIn(page);
  await expect(page.getByText(USERS.clinician.username)).toBeVisible();
  await expect(page.getByTestId('study-row')).not.toHaveCount(0);
  await logOut(page);
});

test('a visitor without a session is sent to the login page and back', async ({
  page,
}) => {
  await page.goto('/studies?patientName=SCD*');
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await page.locator('input[name="username"]').fill(USERS.clinician.username);
  await page.locator('input[name="password"]').fill(USERS.clinician.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/studies/);
  await logOut(page);
});

test('a wrong password shows the Core Server message, and the attempt past the limit the lock-out', async ({
  page,
}) => {
  const { username, password } = USERS.lockout;
  const attempt = async (secret: string) => {
    await page.goto('/login');
    await page.locator('input[name="username"]').fill(username);
    await page.locator('input[name="password"]').fill(secret);
    await page.getByRole('button', { name: 'Log in' }).click();
    return page.getByRole('form', { name: 'Log in' }).getByRole('alert');
  };

  for (let i = 1; i < FAILED_LOGINS_BEFORE_LOCK; i++) {
    await expect(await attempt(`wrong-${i}`)).toHaveText(
      'The user name or password is not correct',
    );
    // The refused password is not left in the field.
    await expect(page.locator('input[name="password"]')).toHaveValue('');
  }

  // The failure that reaches FailedLoginsBeforeTempLock locks the account,
  // and from then on even the right password meets the lock-out, in the
  // Core Server's words.
  const lockedOut = /locked after too many failed logins/;
  await expect(await attempt('wrong-again')).toHaveText(lockedOut);
  await expect(await attempt(password)).toHaveText(lockedOut);
  await expect(page).toHaveURL(/\/login/);
});
