/**
 * Steps of the browser benchmark that any journey could take: log in and
 * out, search the study list, wait for the session's worker, and read or
 * drive the cine controls of the active viewport.
 */
import type { Page } from '@playwright/test';
import { USERS } from '../support/product.js';

/** Logs in as the journeys' Viewer user and waits for the study list. */
export async function logIn(page: Page): Promise<void> {
  const user = USERS.clinician;
  await page.goto('/login');
  await page.locator('input[name="username"]').fill(user.username);
  await page.locator('input[name="password"]').fill(user.password);
  await page.getByRole('button', { name: 'Log in' }).click();

  // One session per user: a run that died half-way may have left one.
  const endOther = page.getByRole('button', {
    name: 'End the other session and log in',
  });
  const firstRow = page.getByTestId('study-row').first();
  await endOther.or(firstRow).waitFor();
  if (await endOther.isVisible()) await endOther.click();
  await page.waitForURL(/\/studies/);
}

/** Logs out with the top bar's button and waits for the login page. */
export async function logOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(/\/login/);
}

/** Searches by patient name (from the viewer: via the list) for one study. */
export async function searchStudies(
  page: Page,
  patientName: string,
  fromViewer = false,
): Promise<void> {
  if (fromViewer) await page.goto('/studies');
  await page.getByLabel('Patient name').fill(patientName);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/patientName=/);
  await waitForOneRow(page);
}

/**
 * Waits for the list to show exactly one study. The list keeps the previous
 * rows while a search runs (the table is aria-busy meanwhile), so waiting
 * for any row would see the old answer.
 */
export async function waitForOneRow(page: Page): Promise<void> {
  await waitInPage(
    page,
    `!document.querySelector('table[aria-busy="true"]') &&
     document.querySelectorAll('[data-testid="study-row"]').length === 1`,
    'the study list to show one study',
  );
}

/**
 * Polls an expression in the page until it is true. The service's Content
 * Security Policy forbids eval, which page.waitForFunction uses for a
 * predicate given as text, while page.evaluate runs through DevTools; the
 * poll interval costs no precision, since the figures are timed in the
 * page itself.
 */
export async function waitInPage(
  page: Page,
  expression: string,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(20);
  }
}

/**
 * Resolves when the next socket the page opens hears that its worker is
 * ready: the service says so in its `session` event (worker: 'ready') or,
 * once a starting worker pairs, with `worker-ready`.
 */
export function waitForWorkerReady(page: Page): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the worker was not ready within 30 s')),
      30_000,
    );
    page.once('websocket', (socket) => {
      socket.on('framereceived', ({ payload }) => {
        const text = typeof payload === 'string' ? payload : '';
        const ready =
          text.startsWith('42["worker-ready"') ||
          (text.startsWith('42["session"') &&
            text.includes('"worker":"ready"'));
        if (!ready) return;
        clearTimeout(timer);
        resolve();
      });
    });
  });
}

/** The active viewport's cine rate as the fps control shows it. */
export async function readFps(page: Page): Promise<number> {
  return Number(await page.getByLabel('Cine frames per second').inputValue());
}

/** Pauses cine if it plays. */
export async function stopCine(page: Page): Promise<void> {
  const pause = page.getByRole('button', { name: 'Pause' });
  if (await pause.isVisible()) await pause.click();
}

/** Phases of the current slice, from the overlay's "Phase j/M". */
export async function readPhaseCount(page: Page): Promise<number> {
  const overlay = page.getByTestId('overlay').first();
  const text = await overlay.locator('[data-field="phase"]').textContent();
  return Number(/\/(\d+)/.exec(text ?? '')?.[1] ?? 1);
}
