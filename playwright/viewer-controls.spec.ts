import type { Page } from '@playwright/test';
import {
  expect,
  findSunnybrook,
  openFirstStudy,
  overlayField,
  test,
} from './support/journey.js';

async function searchPatient(page: Page, patientName: string): Promise<void> {
  await page.getByLabel('Patient name').fill(patientName);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('study-row')).toHaveCount(1);
}

test('the fps box clamps rates out of range the same way at both ends and says why', async ({
  clinician: page,
}) => {
  await findSunnybrook(page);
  await openFirstStudy(page);
  const fps = page.getByLabel('Cine frames per second');
  const hint = page.locator('#fps-hint');

  await fps.fill('0');
  await expect(hint).toContainText('slowest');
  await fps.press('Enter');
  await expect(fps).toHaveValue('1');

  await fps.fill('500');
  await expect(hint).toContainText('fastest');
  await fps.blur();
  await expect(fps).toHaveValue('120');

  await fps.fill('');
  await expect(hint).toContainText('1 to 120 fps');
  await fps.blur();
  await expect(fps).toHaveValue('120');

  await fps.fill('30');
  await expect(hint).toBeHidden();
  await expect(fps).toHaveValue('30');
});

test('an angiogram run counts frames, not phases', async ({
  clinician: page,
}) => {
  await searchPatient(page, 'Rubo*');
  await openFirstStudy(page);

  await expect(overlayField(page, 'phase')).toHaveText('Frame 1/96');
  await page.keyboard.press('ArrowRight');
  await expect(overlayField(page, 'phase')).toHaveText('Frame 2/96');
  await expect(page.getByRole('navigation', { name: 'Series' })).toContainText(
    '96 frames',
  );
});

test('an ECG waveform series says it has no image and turns the image tools off', async ({
  clinician: page,
}) => {
  await searchPatient(page, 'Anonymous');
  await page.getByTestId('study-row').first().click();
  await expect(page).toHaveURL(/\/viewer\//);

  await expect(page.getByTestId('no-image')).toContainText(
    'No image: ECG waveform',
  );
  const thumbs = page.getByRole('navigation', { name: 'Series' });
  await expect(thumbs).toContainText('No image');
  await expect(thumbs).not.toContainText('…');
  await expect(page.getByRole('button', { name: 'Zoom in' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Reset' })).toBeDisabled();
  await expect(page.getByLabel('Window preset')).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Play' })).toBeDisabled();
});

test('a reload keeps the place, and "Study list" returns to the search', async ({
  clinician: page,
}) => {
  await findSunnybrook(page);
  await openFirstStudy(page);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await expect(overlayField(page, 'slice')).toHaveText('Slice 3/12');
  await expect(overlayField(page, 'phase')).toHaveText('Phase 2/20');

  await page.reload();
  await expect(overlayField(page, 'slice')).toHaveText('Slice 3/12');
  await expect(overlayField(page, 'phase')).toHaveText('Phase 2/20');

  await page.getByRole('link', { name: 'Study list' }).click();
  await expect(page).toHaveURL(/\/studies\?patientName=scd00001\*/);
  await expect(page.getByLabel('Patient name')).toHaveValue('scd00001*');
  await expect(page.getByTestId('study-row')).toHaveCount(1);
});
