import { expect, findSunnybrook, test } from './support/journey.js';

test('a clinician finds the Sunnybrook study by patient name with a wildcard', async ({
  clinician: page,
}) => {
  await findSunnybrook(page);
  const row = page.getByTestId('study-row');
  await expect(row).toContainText('MR');
  await expect(row).toContainText('20120000');
  await expect(page).toHaveURL(/patientName=scd00001\*/);
});

test('a clinician narrows the list by patient ID, modality and date', async ({
  clinician: page,
}) => {
  await page.getByLabel('Patient ID').fill('SCD0000101');
  await page.getByLabel('Modality').selectOption('MR');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/modality=MR/);
  await expect(page.getByTestId('study-row')).toHaveCount(1);

  await page.getByLabel('Modality').selectOption('CT');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('study-row')).toHaveCount(0);
  await expect(page.getByText('No studies match this search.')).toBeVisible();

  // The study date in the files (20120000) is not a valid date, so a date
  // range leaves the study out.
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page).toHaveURL(/\/studies$/);
  await page.getByLabel('From').fill('2012-01-01');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('study-row')).toHaveCount(0);
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
