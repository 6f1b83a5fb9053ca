import {
  expect,
  findSunnybrook,
  openFirstStudy,
  test,
} from './support/journey.js';

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
