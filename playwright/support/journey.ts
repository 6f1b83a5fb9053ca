/**
 * What every journey shares: the product's address from the global setup,
 * logging in, finding and opening the Sunnybrook study, and reading the
 * viewer's overlay.
 */
import { join } from 'node:path';
import { expect, test as base, type Page } from '@playwright/test';
import { USERS } from './product.js';

/**
 * Playwright's test, pointed at the product the global setup started.
 * `clinician` is a page already logged in as the Viewer user; it logs out
 * afterwards, so its render worker does not outlive the journey.
 */
export const test = base.extend<{ clinician: Page }>({
  // Playwright reads a fixture's dependencies from the destructured first
  // argument; this one depends on nothing.
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => {
    const url = process.env.ATRIUM_JOURNEY_BASE_URL;
    if (!url)
      throw new Error(
        'ATRIUM_JOURNEY_BASE_URL is not set: run through playwright.config.ts',
      );
    await use(url);
  },
  clinician: async ({ page }, use) => {
    await logIn(page);
    await use(page);
    if (await page.getByRole('button', { name: 'Log out' }).isVisible())
      await logOut(page);
  },
});
export { expect };

/** The shared test data folder the product imported from. */
export function testdataPath(relative: string): string {
  const root = process.env.ATRIUM_JOURNEY_TESTDATA;
  if (!root) throw new Error('ATRIUM_JOURNEY_TESTDATA is not set');
  return join(root, relative);
}

/** Logs in through the form and waits for the study list. */
export async function logIn(
  page: Page,
  user: { username: string; password: string } = USERS.clinician,
  origin = '',
): Promise<void> {
  await page.goto(`${origin}/login`);
  await page.locator('input[name="username"]').fill(user.username);
  await page.locator('input[name="password"]').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();

  // One session per user: a journey that failed half-way may have left one
  // open, which this login then ends.
  const endOther = page.getByRole('button', {
    name: 'End the other session and log in',
  });
  await expect(
    endOther.or(page.getByTestId('study-row').first()),
  ).toBeVisible();
  if (await endOther.isVisible()) await endOther.click();
  await expect(page).toHaveURL(/\/studies/);
}

/** Logs out with the top bar's button and waits for the login page. */
export async function logOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** Searches the study list for the Sunnybrook patient (with a wildcard). */
export async function findSunnybrook(page: Page): Promise<void> {
  await page.getByLabel('Patient name').fill('scd00001*');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('study-row')).toHaveCount(1);
  await expect(page.getByTestId('study-row')).toContainText('SCD0000101');
}

/** Opens the study of the first row and waits for its first image. */
export async function openFirstStudy(page: Page): Promise<void> {
  await page.getByTestId('study-row').first().click();
  await expect(page).toHaveURL(/\/viewer\//);
  await expect(
    page.getByTestId('viewport').locator('canvas').first(),
  ).toBeVisible();
  await expect(overlayField(page, 'window')).toHaveText(/W\/L \d/);
}

/** One line of the first viewport's overlay, e.g. 'slice'. */
export function overlayField(page: Page, field: string) {
  return page.getByTestId('overlay').first().locator(`[data-field="${field}"]`);
}

/** Reads "Slice i/N" or "Phase j/M" as numbers. */
export async function readCounter(
  page: Page,
  field: 'slice' | 'phase',
): Promise<{ index: number; count: number }> {
  const text = (await overlayField(page, field).textContent()) ?? '';
  const match = /(\d+)\/(\d+)/.exec(text);
  if (!match) throw new Error(`overlay ${field} reads "${text}"`);
  return { index: Number(match[1]), count: Number(match[2]) };
}

/** Reads "W/L width/centre" as numbers. */
export async function readWindow(
  page: Page,
): Promise<{ width: number; centre: number }> {
  const text = (await overlayField(page, 'window').textContent()) ?? '';
  const match = /W\/L (-?[\d.]+)\/(-?[\d.]+)/.exec(text);
  if (!match) throw new Error(`overlay window reads "${text}"`);
  return { width: Number(match[1]), centre: Number(match[2]) };
}
