import {
  compareWithReference,
  readViewportCanvas,
} from './support/compare-image.js';
import {
  expect,
  findSunnybrook,
  openFirstStudy,
  overlayField,
  readCounter,
  test,
  testdataPath,
} from './support/journey.js';
import { SUNNYBROOK } from './support/product.js';

test('scrolling the wheel moves through slices and keeps the phase', async ({
  clinician: page,
}) => {
  await findSunnybrook(page);
  await openFirstStudy(page);
  const viewport = page.getByTestId('viewport').first();
  await viewport.hover();

  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(overlayField(page, 'phase')).toHaveText('Phase 3/20');

  await page.mouse.wheel(0, 100);
  await expect(overlayField(page, 'slice')).toHaveText('Slice 2/12');
  await page.mouse.wheel(0, 100);
  await expect(overlayField(page, 'slice')).toHaveText('Slice 3/12');
  await expect(overlayField(page, 'phase')).toHaveText('Phase 3/20');

  // Slice 3, phase 3 is instance 43 (20 phases per slice, slice-major).
  await expect
    .poll(
      async () =>
        (
          await compareWithReference(
            await readViewportCanvas(page),
            testdataPath(`${SUNNYBROOK}/43.ref.png`),
          )
        ).mean,
    )
    .toBeLessThanOrEqual(3);

  await page.mouse.wheel(0, -100);
  await expect(overlayField(page, 'slice')).toHaveText('Slice 2/12');
});

test('arrow keys and the scrollbar move through slices too', async ({
  clinician: page,
}) => {
  await findSunnybrook(page);
  await openFirstStudy(page);

  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(overlayField(page, 'slice')).toHaveText('Slice 3/12');
  await page.keyboard.press('ArrowUp');
  await expect(overlayField(page, 'slice')).toHaveText('Slice 2/12');
  await page.keyboard.press('End');
  await expect(overlayField(page, 'slice')).toHaveText('Slice 12/12');

  await page.getByRole('slider', { name: 'Slice' }).first().fill('5');
  expect(await readCounter(page, 'slice')).toEqual({ index: 6, count: 12 });
});

test('after the scrollbar is used the arrows step phases and Space plays, as the help says', async ({
  clinician: page,
}) => {
  await findSunnybrook(page);
  await openFirstStudy(page);

  const slider = page.getByRole('slider', { name: 'Slice' }).first();
  await slider.click();
  await expect(slider).toBeFocused();
  const slice = await readCounter(page, 'slice');

  await page.keyboard.press('ArrowRight');
  await expect(overlayField(page, 'phase')).toHaveText('Phase 2/20');
  expect(await readCounter(page, 'slice')).toEqual(slice);
  await page.keyboard.press('ArrowDown');
  await expect
    .poll(async () => (await readCounter(page, 'slice')).index)
    .toBe(slice.index + 1);

  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Pause' })).toBeVisible();
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: 'Play' })).toBeVisible();
});
