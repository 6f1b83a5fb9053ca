/**
 * Browser benchmark of the viewer: the whole product as the journeys start
 * it (playwright/support/product.ts, private loopback ports, a temporary
 * data folder), Debian's Chromium with the journeys' flags, and a clinician
 * who logs in and
 *
 * - opens the Sunnybrook study from the study list, each time on a freshly
 *   loaded list (so no image is cached in the page) with the session's
 *   worker ready: click → first pixel frame drawn, split into its steps,
 *   and → preview shown; then again in the same tab, back and forth
 *   (viewer code loaded, images already in the page's cache);
 * - plays cine at the series' own rate and well above it (60 and 120 fps),
 *   counting in the page the distinct frames drawn per second, beside the
 *   rate the cine clock advanced phases and the display's refresh rate;
 * - does the same for the 512² X-ray angiogram at its own rate and at 60.
 *
 * Run through `npm run bench` (scripts/bench.ts). It stops everything it
 * started, whatever happens.
 */
import { loadavg } from 'node:os';
import { chromium, type Browser, type Page } from '@playwright/test';
import config from '../../playwright.config.js';
import { buildProduct } from '../support/global-setup.js';
import { startProduct } from '../support/product.js';
import {
  logIn,
  logOut,
  readFps,
  readPhaseCount,
  searchStudies,
  stopCine,
  waitForOneRow,
  waitForWorkerReady,
  waitInPage,
} from './browser-steps.js';
import { PAGE_PROBE } from './page-probe.js';

/** Milliseconds over several opens. */
export interface OpenSpread {
  p50: number;
  p95: number;
  count: number;
}

/** One cine run, measured over `seconds`. */
export interface CineRun {
  series: string;
  /** The fps the control was set to. */
  setFps: number;
  /** Distinct frames that reached the screen, per second. */
  drawnPerSecond: number;
  /** Phases the cine clock advanced per second (shown or skipped). */
  phasesPerSecond: number;
  /** Animation frames per second: the most the display can show. */
  displayHz: number;
  seconds: number;
}

/** One open of a study, in ms from the click on its row. */
export interface StudyOpen {
  /** The viewport asked for its first image: study open, viewer built. */
  askedMs: number | null;
  /** That image arrived (decoded pixel frame in the page). */
  loadedMs: number | null;
  drawnMs: number;
  /** The rendered preview, when it came before the pixel frame. */
  previewMs: number | null;
}

export interface BrowserCineResult {
  /** Animation frames per second with the viewer open and idle. */
  idleDisplayHz: number;
  /** The host's one-minute load average when the section started. */
  loadAverage: number;
  /** Opens in a freshly loaded tab. */
  freshTab: StudyOpen[];
  /** Opens again in the same tab after going back to the list. */
  sameTab: StudyOpen[];
  cine: CineRun[];
}

export interface BrowserCineOptions {
  /** Measured opens of the study, after one that warms up (default 8). */
  opens?: number;
  /** Seconds each cine rate is measured over (default 3). */
  seconds?: number;
}

/** Debian's Chromium, as the journeys use it. */
export const CHROMIUM = '/usr/bin/chromium';

const SUNNYBROOK = { patientName: 'scd00001*', label: 'Sunnybrook 256²' };
const ANGIOGRAM = { patientName: 'Rubo*', label: 'XA angiogram 512²' };

/** Starts the product and a browser, measures, and stops them again. */
export async function benchBrowserCine(
  options: BrowserCineOptions = {},
): Promise<BrowserCineResult> {
  const opens = options.opens ?? 8;
  const seconds = options.seconds ?? 3;
  const loadAverage = loadavg()[0] ?? 0;
  buildProduct('pipe');
  const product = await startProduct();
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({
      ...config.use?.launchOptions,
      executablePath: CHROMIUM,
    });
    const page = await browser.newPage({
      baseURL: product.baseUrl,
      viewport: config.use?.viewport ?? { width: 1280, height: 800 },
      deviceScaleFactor: 1,
    });
    await page.addInitScript({ content: PAGE_PROBE });
    await logIn(page);

    await searchStudies(page, SUNNYBROOK.patientName);
    const listUrl = page.url();
    const freshTab: StudyOpen[] = [];
    for (let i = 0; i <= opens; i += 1) {
      const open = await timeFreshOpen(page, listUrl);
      if (i > 0) freshTab.push(open);
    }
    const sameTab: StudyOpen[] = [];
    for (let i = 0; i < opens; i += 1) {
      await page.goBack();
      await waitForOneRow(page);
      sameTab.push(await timeOpen(page));
    }

    const idleDisplayHz = await measureIdleDisplay(page);
    const cine: CineRun[] = [];
    const own = await readFps(page);
    for (const fps of [own, 60, 120]) {
      cine.push(await measureCine(page, SUNNYBROOK.label, fps, seconds));
    }
    await stopCine(page);

    await searchStudies(page, ANGIOGRAM.patientName, true);
    await timeFreshOpen(page, page.url());
    const ownXa = await readFps(page);
    for (const fps of [ownXa, 60]) {
      cine.push(await measureCine(page, ANGIOGRAM.label, fps, seconds));
    }
    await stopCine(page);
    await logOut(page);

    return { idleDisplayHz, loadAverage, freshTab, sameTab, cine };
  } finally {
    await browser?.close();
    await product.stop();
  }
}

/** The figures as a Markdown table, with the targets of the benchmark. */
export function formatBrowserCineTable(result: BrowserCineResult): string {
  const rows = [
    ...formatOpens('fresh tab', result.freshTab),
    ...formatOpens('same tab again, images cached in the page', result.sameTab),
    ...result.cine.map((run) => [
      `cine ${run.series} set to ${run.setFps} fps: distinct frames drawn/s (phases advanced/s; display ${run.displayHz.toFixed(0)} Hz)`,
      `${run.drawnPerSecond.toFixed(1)} (${run.phasesPerSecond.toFixed(1)})`,
      run.series === SUNNYBROOK.label && run.setFps >= 60 ? '≥ 60' : '',
    ]),
  ];
  const best = Math.max(
    ...result.cine
      .filter((run) => run.series === SUNNYBROOK.label)
      .map((run) => run.drawnPerSecond),
  );
  return [
    '| measure | Atrium | target |',
    '| --- | --- | --- |',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
    `256² cine target (≥ 60 distinct frames drawn per second): ` +
      `${best >= 59.5 ? 'reached' : 'not reached'}, best ${best.toFixed(1)}/s. ` +
      `The page runs ${result.idleDisplayHz.toFixed(0)} animation frames/s ` +
      `with the viewer idle; host load average ` +
      `${result.loadAverage.toFixed(1)} when this section started.`,
  ].join('\n');
}

function formatOpens(label: string, opens: StudyOpen[]): string[][] {
  const drawn = spreadOf(opens.map((open) => open.drawnMs));
  const previews = opens.flatMap((open) =>
    open.previewMs === null ? [] : [open.previewMs],
  );
  const median = (values: (number | null)[]) => {
    const known = values.filter((value) => value !== null);
    return known.length === 0 ? '–' : `${spreadOf(known).p50.toFixed(0)}`;
  };
  const steps =
    `study open and viewer built ${median(opens.map((o) => o.askedMs))}, ` +
    `frame arrived ${median(opens.map((o) => o.loadedMs))}, ` +
    `drawn ${median(opens.map((o) => o.drawnMs))} ms; ` +
    `preview first in ${previews.length} of ${opens.length}` +
    (previews.length > 0 ? ` (p50 ${median(previews)} ms)` : '');
  return [
    [
      `click study → first pixel frame drawn, ${label}, worker warm (p50 / p95 of ${drawn.count})`,
      `${drawn.p50.toFixed(1)} / ${drawn.p95.toFixed(1)} ms`,
      'p50 ≤ 150 ms',
    ],
    [`… p50 from the click: ${steps}`, '', ''],
  ];
}

/** Loads the study list afresh, waits for the session's worker, opens. */
async function timeFreshOpen(page: Page, listUrl: string) {
  const ready = waitForWorkerReady(page);
  await page.goto(listUrl);
  await waitForOneRow(page);
  await ready;
  return timeOpen(page);
}

/** Clicks the only row and waits for the first pixel frame drawn. */
async function timeOpen(page: Page): Promise<StudyOpen> {
  await page.getByTestId('study-row').first().click();
  await waitInPage(
    page,
    'Boolean(window.atriumBench && window.atriumBench.drawnAt !== null)',
    'the first image drawn',
  );
  const open = (await page.evaluate('window.atriumBench.readOpen()')) as {
    clickAt: number;
    previewAt: number | null;
    askedAt: number | null;
    loadedAt: number | null;
    drawnAt: number;
  };
  const since = (at: number | null) => (at === null ? null : at - open.clickAt);
  return {
    askedMs: since(open.askedAt),
    loadedMs: since(open.loadedAt),
    drawnMs: open.drawnAt - open.clickAt,
    previewMs: since(open.previewAt),
  };
}

/**
 * Sets the rate, plays until every phase has been fetched once, then
 * records for `seconds`.
 */
async function measureCine(
  page: Page,
  series: string,
  setFps: number,
  seconds: number,
): Promise<CineRun> {
  await page.getByLabel('Cine frames per second').fill(String(setFps));
  const play = page.getByRole('button', { name: 'Play' });
  if (await play.isVisible()) await play.click();
  const phases = await readPhaseCount(page);
  await page.waitForTimeout(Math.min(4000, (phases / setFps) * 1000 + 500));

  await page.evaluate('window.atriumBench.startRecording()');
  await page.waitForTimeout(seconds * 1000);
  const log = (await page.evaluate('window.atriumBench.stopRecording()')) as {
    draws: number[];
    ticks: number[];
    phases: { at: number; text: string }[];
  };
  return {
    series,
    setFps,
    drawnPerSecond: ratePerSecond(log.draws),
    phasesPerSecond: phaseRate(log.phases, phases),
    displayHz: ratePerSecond(log.ticks),
    seconds,
  };
}

/** Animation frames per second over one second with nothing playing. */
async function measureIdleDisplay(page: Page): Promise<number> {
  await page.evaluate('window.atriumBench.startRecording()');
  await page.waitForTimeout(1000);
  const log = (await page.evaluate('window.atriumBench.stopRecording()')) as {
    ticks: number[];
  };
  return ratePerSecond(log.ticks);
}

/** Events per second between the first and the last one. */
function ratePerSecond(times: number[]): number {
  if (times.length < 2) return 0;
  return (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000);
}

/** Phases advanced per second, counting the ones the clock skipped. */
function phaseRate(log: { at: number; text: string }[], count: number) {
  const phases = log.map((entry) => Number(/(\d+)\//.exec(entry.text)?.[1]));
  let advanced = 0;
  for (let i = 1; i < phases.length; i += 1) {
    advanced += (phases[i]! - phases[i - 1]! + count) % count;
  }
  if (log.length < 2) return 0;
  return advanced / ((log.at(-1)!.at - log[0]!.at) / 1000);
}

function spreadOf(values: number[]): OpenSpread {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ??
    Number.NaN;
  return { p50: at(0.5), p95: at(0.95), count: values.length };
}
