/**
 * What the browser benchmark runs inside the viewer page, as JavaScript
 * source: the TypeScript loader that runs `npm run bench` rewrites
 * functions (it adds name helpers), so a function handed to the page would
 * not survive serialisation. Installed with addInitScript, it lives in
 * every document of the page as `window.atriumBench`.
 *
 * It times, on the page's own clock:
 * - the click on a study row, the rendered preview shown (the
 *   `first-paint` image loaded), the viewport asking for its first image
 *   (the study is open and the viewer built), that image arriving, and
 *   the first pixel frame drawn;
 * - while recording, each distinct frame a viewport draws: Cornerstone's
 *   IMAGE_RENDERED counts only when the image shown (the index of the last
 *   STACK_NEW_IMAGE) differs from the one drawn before, so re-renders of the
 *   same image and phases the cine clock skipped are not counted;
 * - the overlay's phase text, to tell the rate the cine clock advanced
 *   phases apart from the rate frames reached the screen;
 * - animation frames, the most the display can show.
 */
export const PAGE_PROBE = `(() => {
  const probe = {
    clickAt: null,
    previewAt: null,
    askedAt: null,
    loadedAt: null,
    drawnAt: null,
    shown: null,
    lastDrawn: null,
    recording: null,
  };
  const now = () => performance.now();

  document.addEventListener('click', (event) => {
    const target = event.target;
    if (!target || !target.closest || !target.closest('[data-testid="study-row"]')) return;
    probe.clickAt = now();
    probe.previewAt = null;
    probe.askedAt = null;
    probe.loadedAt = null;
    probe.drawnAt = null;
    probe.shown = null;
    probe.lastDrawn = null;
  }, true);

  document.addEventListener('load', (event) => {
    const target = event.target;
    if (probe.previewAt !== null || !target || !target.classList) return;
    if (target.classList.contains('first-paint')) probe.previewAt = now();
  }, true);

  document.addEventListener('CORNERSTONE_PRE_STACK_NEW_IMAGE', () => {
    if (probe.askedAt === null) probe.askedAt = now();
  }, true);

  document.addEventListener('CORNERSTONE_STACK_NEW_IMAGE', (event) => {
    probe.shown = event.detail.imageIdIndex;
    if (probe.loadedAt === null) probe.loadedAt = now();
  }, true);

  document.addEventListener('CORNERSTONE_IMAGE_RENDERED', () => {
    if (probe.shown === null || probe.shown === probe.lastDrawn) return;
    probe.lastDrawn = probe.shown;
    const at = now();
    if (probe.drawnAt === null) probe.drawnAt = at;
    if (probe.recording) probe.recording.draws.push(at);
  }, true);

  probe.readOpen = () => ({
    clickAt: probe.clickAt,
    previewAt: probe.previewAt,
    askedAt: probe.askedAt,
    loadedAt: probe.loadedAt,
    drawnAt: probe.drawnAt,
  });

  probe.startRecording = () => {
    const recording = { draws: [], ticks: [], phases: [], stop: null };
    const field = document.querySelector(
      '[data-testid="overlay"] [data-field="phase"]',
    );
    const observer = new MutationObserver(() =>
      recording.phases.push({ at: now(), text: field.textContent || '' }),
    );
    if (field) {
      observer.observe(field, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    }
    let frame = requestAnimationFrame(function tick(at) {
      recording.ticks.push(at);
      frame = requestAnimationFrame(tick);
    });
    recording.stop = () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
    probe.recording = recording;
  };

  probe.stopRecording = () => {
    const recording = probe.recording;
    probe.recording = null;
    if (!recording) return null;
    recording.stop();
    return {
      draws: recording.draws,
      ticks: recording.ticks,
      phases: recording.phases,
    };
  };

  window.atriumBench = probe;
})();`;
