import {
  compareWithReference,
  readViewportCanvas,
} from './support/compare-image.js';
import { listRenderWorkers, newRenderWorkers } from './support/processes.js';
import {
  expect,
  findSunnybrook,
  logIn,
  logOut,
  openFirstStudy,
  overlayField,
  readWindow,
  test,
  testdataPath,
} from './support/journey.js';
import { SUNNYBROOK } from './support/product.js';

test('a crashed worker is replaced and the viewer carries on without a reload', async ({
  page,
}) => {
  const before = listRenderWorkers();
  await logIn(page);
  await findSunnybrook(page);
  await openFirstStudy(page);
  const [worker] = newRenderWorkers(before);
  expect(worker).toBeDefined();

  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  await expect(overlayField(page, 'slice')).toHaveText('Slice 3/12');
  await expect(overlayField(page, 'phase')).toHaveText('Phase 2/20');
  await page.getByRole('button', { name: 'Zoom in' }).click();
  // The window a clinician chose (not the file's) must survive the crash.
  const presets = page.getByLabel('Window preset');
  const fullRange = presets.locator('option', { hasText: 'Full range' });
  const [, width] = /\((\d+)\//.exec((await fullRange.textContent())!)!;
  await presets.selectOption((await fullRange.getAttribute('value'))!);
  await expect(overlayField(page, 'window')).toHaveText(
    new RegExp(`^W/L ${width}/`),
  );
  const window = await readWindow(page);
  await page.evaluate(
    () => ((globalThis as { sameDocument?: boolean }).sameDocument = true),
  );

  process.kill(worker!, 'SIGKILL');
  await expect(page.getByText('The rendering worker stopped')).toBeVisible();
  await expect(page.getByText('A new rendering worker took over')).toBeVisible({
    timeout: 30_000,
  });

  // Same page, same place, same window.
  expect(
    await page.evaluate(
      () => (globalThis as { sameDocument?: boolean }).sameDocument,
    ),
  ).toBe(true);
  await expect(overlayField(page, 'slice')).toHaveText('Slice 3/12');
  await expect(overlayField(page, 'phase')).toHaveText('Phase 2/20');
  expect(await readWindow(page)).toEqual(window);

  // New frames come from the new worker: slice 4, phase 2 is instance 62.
  await page.keyboard.press('ArrowDown');
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(overlayField(page, 'slice')).toHaveText('Slice 4/12');
  await expect
    .poll(
      async () =>
        (
          await compareWithReference(
            await readViewportCanvas(page),
            testdataPath(`${SUNNYBROOK}/62.ref.png`),
          )
        ).mean,
      { timeout: 15_000 },
    )
    .toBeLessThanOrEqual(3);
  await logOut(page);
});
