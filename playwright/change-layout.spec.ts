import {
  expect,
  findSunnybrook,
  openFirstStudy,
  overlayField,
  test,
} from './support/journey.js';

test('a clinician compares slices side by side in 1×2 and 2×2 layouts', async ({
  clinician: page,
}) => {
  await findSunnybrook(page);
  await openFirstStudy(page);
  const viewports = page.getByTestId('viewport');

  await page.getByRole('button', { name: '1×2' }).click();
  await expect(viewports).toHaveCount(2);
  await page.getByRole('button', { name: '2×2' }).click();
  await expect(viewports).toHaveCount(4);
  // Copies of the one stack spread from base to apex (1×2 put the middle
  // slice beside the first; 2×2 adds two thirds and the last).
  const slices = ['Slice 1/12', 'Slice 7/12', 'Slice 8/12', 'Slice 12/12'];
  for (const [i, viewport] of (await viewports.all()).entries()) {
    await expect(viewport.locator('canvas').first()).toBeVisible();
    await expect(viewport.getByTestId('overlay')).toContainText(slices[i]!);
    // Each pane fits its image to its new size.
    await expect(viewport.locator('[data-field="zoom"]')).toHaveText(
      'Zoom 1.00×',
    );
  }
  await page.screenshot({ path: 'test-results/layout-2x2.png' });

  // Each viewport scrolls on its own.
  await viewports.nth(3).hover();
  await page.mouse.wheel(0, -100);
  await expect(viewports.nth(3).getByTestId('overlay')).toContainText(
    'Slice 11/12',
  );
  await expect(overlayField(page, 'slice')).toHaveText('Slice 1/12');

  await page.keyboard.press('q');
  await expect(viewports).toHaveCount(1);
});

test('the help panel lists the keyboard shortcuts', async ({
  clinician: page,
}) => {
  await findSunnybrook(page);
  await openFirstStudy(page);

  await page.getByRole('button', { name: 'Help' }).click();
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help).toContainText('Play / pause cine');
  await expect(help).toContainText('Previous / next slice');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
  await page.keyboard.press('?');
  await expect(help).toBeVisible();
});
