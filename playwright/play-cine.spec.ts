import type { Page } from '@playwright/test';
import {
  expect,
  findSunnybrook,
  openFirstStudy,
  overlayField,
  readCounter,
  test,
} from './support/journey.js';

test('cine plays the phases of the current slice at the rate set', async ({
  clinician: page,
}) => {
  await findSunnybrook(page);
  await openFirstStudy(page);
  await page.keyboard.press('ArrowDown');
  await expect(overlayField(page, 'slice')).toHaveText('Slice 2/12');

  // The control starts at the series' own timing (one phase per 40 ms).
  const fps = page.getByLabel('Cine frames per second');
  await expect(fps).toHaveValue('25');
  await fps.fill('10');

  // Time every phase change in the page itself, then play for a while.
  await page.evaluate(() => {
    const field = document.querySelector(
      '[data-testid="overlay"] [data-field="phase"]',
    )!;
    const seen: { t: number; text: string }[] = [];
    (window as unknown as { phaseLog: typeof seen }).phaseLog = seen;
    new MutationObserver(() =>
      seen.push({ t: performance.now(), text: field.textContent ?? '' }),
    ).observe(field, { childList: true, characterData: true, subtree: true });
  });
  await page.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(3000);
  await page.getByRole('button', { name: 'Pause' }).click();

  const log = await page.evaluate(
    () =>
      (window as unknown as { phaseLog: { t: number; text: string }[] })
        .phaseLog,
  );
  const phases = log.map((entry) =>
    Number(/Phase (\d+)/.exec(entry.text)?.[1]),
  );
  let advanced = 0;
  for (let i = 1; i < phases.length; i++) {
    advanced += (phases[i]! - phases[i - 1]! + 20) % 20;
  }
  const seconds = (log.at(-1)!.t - log[0]!.t) / 1000;
  const rate = advanced / seconds;
  expect(rate).toBeGreaterThan(10 * 0.8);
  expect(rate).toBeLessThan(10 * 1.2);

  // Cine never leaves the slice.
  await expect(overlayField(page, 'slice')).toHaveText('Slice 2/12');
  expect((await readCounter(page, 'phase')).count).toBe(20);
});

// Multi-frame cines carry their timing in the file rather than in trigger
// times: the angiogram's Frame Time is 33 ms, the MR's 69.47 ms.
for (const { patientName, fps, phases } of [
  { patientName: 'Rubo*', fps: '30.3', phases: 96 },
  { patientName: 'Anonymized', fps: '14.4', phases: 16 },
]) {
  test(`a multi-frame cine (${phases} frames) starts at its file's frame rate`, async ({
    clinician: page,
  }) => {
    await openStudyOf(page, patientName);

    await expect(page.getByLabel('Cine frames per second')).toHaveValue(fps);
    expect(await readCounter(page, 'phase')).toEqual({
      index: 1,
      count: phases,
    });
    await expect(page.getByRole('button', { name: 'Play' })).toBeEnabled();
  });
}

async function openStudyOf(page: Page, patientName: string): Promise<void> {
  await page.getByLabel('Patient name').fill(patientName);
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByTestId('study-row')).toHaveCount(1);
  await openFirstStudy(page);
}
