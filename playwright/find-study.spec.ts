import { expect, findSunnybrook, test } from './support/journey.js';

test('a clinician finds the Sunnybrook study by patient name with a wildcard', async ({
  clinician: page,
}) => {
  await findSunnybrook(page);
  const row = page.getByTestId('study-row');
  await expect(row).toContainText('MR');
  await expect(row).toContainText('2012 (invalid date 20120000)');
  await expect(page).toHaveURL(/patientName=scd00001\*/);
});

test('a clinician narrows the list by patient ID, modality and date', async ({
  clinician: page,
}) => {
  const rows = page.getByTestId('study-row');
  const nothing = page.getByText('No studies match this search.');

  await page.getByLabel('Patient ID').fill('SCD0000101');
  await page.getByLabel('Modality').selectOption('MR');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/modality=MR/);
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText('SCD0000101');

  await page.getByLabel('Modality').selectOption('CT');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(nothing).toBeVisible();

  // A date range: of the cardiac studies only the angiogram is from 1994.
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page).toHaveURL(/\/studies$/);
  await page.getByLabel('From').fill('1994-01-01');
  await page.getByLabel('To').fill('1994-12-31');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/dateTo=1994-12-31/);
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText('XA');
  await expect(rows).toContainText('1994-10-13');
});

test('a clinician sorts by a column and the choice stays in the address', async ({
  clinician: page,
}) => {
  await page.getByRole('button', { name: 'Patient name' }).click();
  await expect(page).toHaveURL(/sortBy=name/);
  await expect(
    page.getByRole('columnheader', { name: /Patient name/ }),
  ).toHaveAttribute('aria-sort', 'ascending');
  await page.getByRole('button', { name: /Patient name/ }).click();
  await expect(
    page.getByRole('columnheader', { name: /Patient name/ }),
  ).toHaveAttribute('aria-sort', 'descending');
  await expect(page.getByTestId('study-row')).not.toHaveCount(0);
});

test('a clinician pages through the list', async ({ clinician: page }) => {
  await page.goto('/studies?pageSize=2');
  const pager = page.getByRole('navigation', { name: 'Pages' });
  await expect(pager).toContainText(/Page 1 of \d+ · \d+ studies/);
  const [, pages, total] = /Page 1 of (\d+) · (\d+) studies/
    .exec((await pager.textContent()) ?? '')!
    .map(Number);
  expect(total).toBeGreaterThan(2);
  expect(pages).toBe(Math.ceil(total! / 2));
  await expect(page.getByTestId('study-row')).toHaveCount(2);
  const firstPage = await page.getByTestId('study-row').allTextContents();

  await pager.getByRole('button', { name: 'Next' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(pager).toContainText(`Page 2 of ${pages}`);
  await expect(page.getByTestId('study-row').first()).not.toHaveText(
    firstPage[0]!,
  );
  const secondPage = await page.getByTestId('study-row').allTextContents();
  expect(secondPage.some((row) => firstPage.includes(row))).toBe(false);

  await pager.getByRole('button', { name: 'Previous' }).click();
  await expect(pager).toContainText(`Page 1 of ${pages}`);
});

test('a study with an invalid date sorts last whichever way the dates run', async ({
  clinician: page,
}) => {
  const rows = page.getByTestId('study-row');
  await page.getByLabel('Modality').selectOption('MR');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(rows).toHaveCount(2);

  // Newest first is the default; oldest first is one click on the column.
  await expect(rows.last()).toContainText('invalid date 20120000');
  await page.getByRole('button', { name: /Study date/ }).click();
  await expect(
    page.getByRole('columnheader', { name: /Study date/ }),
  ).toHaveAttribute('aria-sort', 'ascending');
  await expect(rows.first()).toContainText('1995-06-26');
  await expect(rows.last()).toContainText('invalid date 20120000');
});
