import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import {
  expect,
  findSunnybrook,
  logIn,
  logOut,
  openFirstStudy,
  readCounter,
  test,
} from './support/journey.js';
import { ROOT } from './support/product.js';

/** An Analyst (SaveWorkspace), made by this journey; test-only password. */
const ANALYST = { username: 'measurer', password: 'Journey-measurer-Pw1' };

// The users command writes the Core Server's database directly, which is
// safe while it runs; the product's own accounts hold no Analyst. Playwright
// runs this again in the worker that follows a failed test: an account made
// by the first run is kept.
test.beforeAll(() => {
  const dataDir = process.env.ATRIUM_JOURNEY_DATA;
  if (!dataDir) throw new Error('ATRIUM_JOURNEY_DATA is not set');
  const core = join(ROOT, 'apps', 'core-server', 'dist', 'cli.js');
  const args = ['users', 'add', ANALYST.username, '--roles', 'Analyst'];
  try {
    execFileSync(process.execPath, [core, ...args], {
      env: {
        ...process.env,
        ATRIUM_DATA: dataDir,
        ATRIUM_USER_PASSWORD: ANALYST.password,
      },
      stdio: 'pipe',
    });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? '');
    if (!stderr.includes('already exists')) throw error;
  }
});

function lengthLabel(page: Page): Locator {
  return page.getByTestId('viewport').first().locator('svg text').first();
}

/** Where the drag starts and ends, as fractions of the viewport's box. */
const FROM = { x: 0.35, y: 0.4 };
const TO = { x: 0.6, y: 0.55 };

async function viewportPoint(page: Page, at: { x: number; y: number }) {
  const box = await page.getByTestId('viewport').first().boundingBox();
  if (!box) throw new Error('the viewport has no box');
  return { x: box.x + box.width * at.x, y: box.y + box.height * at.y };
}

/** Drags a length from FROM to TO with the left button; returns the ends. */
async function dragLength(page: Page) {
  const from = await viewportPoint(page, FROM);
  const to = await viewportPoint(page, TO);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.mouse.up();
  return { from, to };
}

async function readMillimetres(page: Page): Promise<number> {
  const text = (await lengthLabel(page).textContent()) ?? '';
  const match = /([\d.]+) mm/.exec(text);
  if (!match) throw new Error(`the length reads "${text}"`);
  return Number(match[1]);
}

test('an Analyst measures a length in mm, saves it, and finds it again after a reload', async ({
  page,
}) => {
  await logIn(page, ANALYST);
  await findSunnybrook(page);
  await openFirstStudy(page);
  const status = page.getByTestId('measurement-status');
  const count = page.getByTestId('measurement-count');
  await expect(status).toHaveText('No measurements saved');

  await page.getByRole('button', { name: 'Length', exact: true }).click();
  await expect(
    page.getByRole('button', { name: 'Length', exact: true }),
  ).toHaveAttribute('aria-pressed', 'true');
  await dragLength(page);

  await expect(lengthLabel(page)).toHaveText(/^\d+(\.\d+)? mm$/);
  const measured = await readMillimetres(page);
  // A quarter of a 256-pixel image at about 1.37 mm a pixel, or more.
  expect(measured).toBeGreaterThan(20);
  await expect(count).toHaveText('1 length');
  await expect(status).toHaveText('Unsaved changes');

  await page.getByRole('button', { name: 'Save measurements' }).click();
  await expect(status).toHaveText(/^Saved \d/);

  await page.reload();
  await expect(lengthLabel(page)).toHaveText(/ mm$/);
  expect(await readMillimetres(page)).toBeCloseTo(measured, 1);
  await expect(count).toHaveText('1 length');
  await expect(status).toHaveText(/^Saved \d/);

  // Picked on its line and deleted, it stays gone once saved.
  const middle = await viewportPoint(page, {
    x: (FROM.x + TO.x) / 2,
    y: (FROM.y + TO.y) / 2,
  });
  const deleteButton = page.getByRole('button', { name: 'Delete length' });
  await expect(deleteButton).toBeDisabled();
  await page.mouse.click(middle.x, middle.y);
  await expect(deleteButton).toBeEnabled();
  await page.keyboard.press('Delete');
  await expect(count).toHaveText('0 lengths');
  await expect(lengthLabel(page)).toHaveCount(0);
  await page.getByRole('button', { name: 'Save measurements' }).click();
  await expect(status).toHaveText(/^Saved \d/);

  await page.reload();
  await expect(status).toHaveText(/^Saved \d/);
  await expect(count).toHaveText('0 lengths');
  await expect(lengthLabel(page)).toHaveCount(0);
  await logOut(page);
});

test('a Viewer can measure but Save is off and says why; Report opens the study’s report in a new tab', async ({
  clinician: page,
}) => {
  await findSunnybrook(page);
  await openFirstStudy(page);
  await expect(page.getByTestId('measurement-status')).toHaveText(
    'No measurements saved',
  );

  const save = page.getByRole('button', { name: 'Save measurements' });
  await expect(save).toBeDisabled();
  await expect(page.locator('.save-measurements')).toHaveAttribute(
    'title',
    /SaveWorkspace/,
  );
  await expect(page.locator('.save-note')).toBeVisible();
  await expect(page.locator('.save-note')).toContainText('Analyst role');

  await page.keyboard.press('l');
  await expect(
    page.getByRole('button', { name: 'Length', exact: true }),
  ).toHaveAttribute('aria-pressed', 'true');
  await dragLength(page);
  await expect(lengthLabel(page)).toHaveText(/ mm$/);
  await expect(save).toBeDisabled();

  const studyUid = decodeURIComponent(
    new URL(page.url()).pathname.split('/').pop() ?? '',
  );
  const report = page.getByRole('link', { name: 'Report' });
  await expect(report).toHaveAttribute(
    'href',
    `/report/study/${encodeURIComponent(studyUid)}`,
  );
  await expect(report).toHaveAttribute('target', '_blank');
});

test('a length an Analyst saves appears at once on the report page open beside the viewer', async ({
  page,
  context,
}) => {
  await logIn(page, ANALYST);
  await findSunnybrook(page);
  await openFirstStudy(page);

  const opening = context.waitForEvent('page');
  await page.getByRole('link', { name: 'Report' }).click();
  const report = await opening;
  await expect(report.locator('#live-status')).toHaveAttribute(
    'data-state',
    'live',
  );
  await expect(report.locator('#patient-name')).toContainText('SCD0000101');

  await page.getByRole('button', { name: 'Length', exact: true }).click();
  const { from, to } = await dragLength(page);
  await expect(lengthLabel(page)).toHaveText(/ mm$/);
  const measured = await readMillimetres(page);
  await page.getByRole('button', { name: 'Save measurements' }).click();
  await expect(page.getByTestId('measurement-status')).toHaveText(/^Saved \d/);

  // No reload: the report page's socket brings the saved length.
  const rows = report.locator('#measurements tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(`${measured.toFixed(1)} mm`);
  // The report names the slice and phase the viewer shows.
  const slice = await readCounter(page, 'slice');
  const phase = await readCounter(page, 'phase');
  await expect(rows.first()).toContainText(
    `Slice ${slice.index}, phase ${phase.index}`,
  );
  await expect(report.locator('#live-status')).toContainText(
    'measurements saved',
  );

  // Leave the Analyst's saved set empty for the next run.
  await page.getByTestId('viewport').first().focus();
  await page.mouse.click((from.x + to.x) / 2, (from.y + to.y) / 2);
  await expect(
    page.getByRole('button', { name: 'Delete length' }),
  ).toBeEnabled();
  await page.getByRole('button', { name: 'Delete length' }).click();
  await page.getByRole('button', { name: 'Save measurements' }).click();
  await expect(report.locator('#no-measurements')).toBeVisible();
  await report.close();
  await logOut(page);
});
