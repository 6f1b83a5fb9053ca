import {
  compareWithReference,
  readViewportCanvas,
} from './support/compare-image.js';
import {
  expect,
  findSunnybrook,
  openFirstStudy,
  overlayField,
  test,
  testdataPath,
} from './support/journey.js';
import { SUNNYBROOK } from './support/product.js';

// The drawn image may differ from dcmtk's rendering only by interpolation
// (Cornerstone scales the 256² image to the viewport, the comparison scales
// it back): at most 3 grey levels on average and 24 at the 99th percentile.
const MAX_MEAN_DIFFERENCE = 3;
const MAX_P99_DIFFERENCE = 24;

test('a clinician opens the Sunnybrook study and sees its first image as the reference shows it', async ({
  clinician: page,
}) => {
  await findSunnybrook(page);
  await openFirstStudy(page);

  await expect(overlayField(page, 'patient')).toHaveText('SCD0000101');
  await expect(overlayField(page, 'study-date')).toHaveText(
    '2012 (invalid date 20120000)',
  );
  await expect(overlayField(page, 'series')).toContainText('#300');
  await expect(overlayField(page, 'slice')).toHaveText('Slice 1/12');
  await expect(overlayField(page, 'phase')).toHaveText('Phase 1/20');
  await expect(overlayField(page, 'window')).toHaveText('W/L 1244/622');
  await expect(overlayField(page, 'zoom')).toHaveText(/Zoom \d/);

  const canvas = await readViewportCanvas(page);
  const first = await compareWithReference(
    canvas,
    testdataPath(`${SUNNYBROOK}/1.ref.png`),
  );
  expect(first.mean).toBeLessThanOrEqual(MAX_MEAN_DIFFERENCE);
  expect(first.p99).toBeLessThanOrEqual(MAX_P99_DIFFERENCE);

  // The comparison tells images apart: the apex slice is far from it.
  const other = await compareWithReference(
    canvas,
    testdataPath(`${SUNNYBROOK}/221.ref.png`),
  );
  expect(other.mean).toBeGreaterThan(first.mean * 4);
});

test('a study that does not exist returns the clinician to the list with a message', async ({
  clinician: page,
}) => {
  await page.goto('/viewer/1.2.826.0.1.3680043.99999.1');
  await expect(page).toHaveURL(/\/studies\?notice=/);
  await expect(page.getByRole('status').first()).toContainText(
    /not found|no study/i,
  );
});
