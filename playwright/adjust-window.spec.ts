import {
  expect,
  findSunnybrook,
  openFirstStudy,
  overlayField,
  readWindow,
  test,
} from './support/journey.js';

test('dragging on the image changes window and level, and reset restores them', async ({
  clinician: page,
}) => {
  await findSunnybrook(page);
  await openFirstStudy(page);
  const before = await readWindow(page);
  expect(before).toEqual({ width: 1244, centre: 622 });

  const box = (await page.getByTestId('viewport').first().boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 120, y + 60, { steps: 8 });
  await page.mouse.up();

  await expect
    .poll(async () => (await readWindow(page)).width)
    .not.toBe(before.width);
  const after = await readWindow(page);
  expect(after.centre).not.toBe(before.centre);

  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(overlayField(page, 'window')).toHaveText('W/L 1244/622');
});

test('a window preset applies from the toolbar and from its number key', async ({
  clinician: page,
}) => {
  await findSunnybrook(page);
  await openFirstStudy(page);

  const presets = page.getByLabel('Window preset');
  const fullRange = presets.locator('option', { hasText: 'Full range' });
  await presets.selectOption((await fullRange.getAttribute('value'))!);
  await expect(overlayField(page, 'window')).not.toHaveText('W/L 1244/622');
  await page.keyboard.press('1');
  await expect(overlayField(page, 'window')).toHaveText('W/L 1244/622');
});
