import { USERS } from './support/product.js';
import { expect, logOut, test } from './support/journey.js';

test('a user whose password was reset changes it before anything else', async ({
  page,
}) => {
  const { username, password } = USERS.newcomer;
  await page.goto('/login');
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/change-password/);

  // Not past this page until the password has changed.
  await page.goto('/studies');
  await expect(page).toHaveURL(/\/change-password/);

  const form = page.getByRole('form', { name: 'Change password' });
  await form.getByLabel('Current password').fill(password);
  await form
    .getByLabel('New password', { exact: true })
    .fill('Journey-newcomer-Pw2');
  await form.getByLabel('New password again').fill('Journey-newcomer-Pw3');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByRole('alert')).toHaveText(
    'The two new passwords are not the same',
  );

  await form.getByLabel('Current password').fill('not-the-password');
  await form.getByLabel('New password again').fill('Journey-newcomer-Pw2');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByRole('alert')).not.toBeEmpty();

  await form.getByLabel('Current password').fill(password);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(page).toHaveURL(/\/studies/);
  await expect(page.getByTestId('study-row')).not.toHaveCount(0);
  await logOut(page);

  // The new password is the one that works now.
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill('Journey-newcomer-Pw2');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/studies/);
  await logOut(page);
});
