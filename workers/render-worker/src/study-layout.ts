import type {
  FrameRef,
  InstanceDetail,
  SeriesDetail,
  StudyDetail,
  WebSeries,
  WebSlice,
  WebStudy,
} from '@atrium/protocol';

/**
 * Lays a study out for the viewer: each series on a slice axis and a phase
 * axis (see WebSeries). A cardiac cine stack uses the Core Server's cine
 * axes (slices along the normal from ImagePositionPatient, phases by trigger
 * time); a single multi-frame image is one slice whose phases are its
 * frames; any other series is one slice per image, ordered along the slice
 * normal when the images carry position and orientation, else by instance
 * number. A series' frame time is the file's own for a multi-frame image
 * (see InstanceDetail.frameTimeMs) and the median trigger-time step for a
 * cine stack.
 */
export function layOutStudy(detail: StudyDetail): WebStudy {
  const { series, ...summary } = detail;
  return { ...summary, series: series.map(layOutSeries) };
}

function layOutSeries(series: SeriesDetail): WebSeries {
  const images = series.instances.filter((i) => i.hasPixelData);
  const first = images[0];
  const multiFrame =
    !series.cine && images.length === 1 && (first?.frames ?? 1) > 1;
  const slices = series.cine
    ? cineSlices(series)
    : multiFrame
      ? [multiFrameSlice(first!)]
      : stillSlices(images);
  return {
    seriesUid: series.seriesUid,
    seriesNumber: series.seriesNumber,
    modality: series.modality,
    seriesDescription: series.seriesDescription,
    rows: first?.rows ?? null,
    columns: first?.columns ?? null,
    slices,
    phaseCount: Math.max(0, ...slices.map((slice) => slice.phases.length)),
    // A multi-frame cine is timed by its file; a stack of single-frame
    // images by the spacing of its trigger times.
    frameTimeMs: multiFrame
      ? (first?.frameTimeMs ?? null)
      : medianPhaseStep(slices),
    undecodableCount: series.instances.filter(
      (i) => i.pixelStatus === 'flagged',
    ).length,
  };
}

function cineSlices(series: SeriesDetail): WebSlice[] {
  const numbers = new Map(
    series.instances.map((i) => [i.sopInstanceUid, i.instanceNumber]),
  );
  return (series.cine?.slices ?? []).map((slice) => ({
    position: slice.position,
    phases: slice.phases.map((phase) => ({
      sopInstanceUid: phase.sopInstanceUid,
      frameIndex: 0,
      triggerTime: phase.triggerTime,
      instanceNumber: numbers.get(phase.sopInstanceUid) ?? null,
    })),
  }));
}

function multiFrameSlice(image: InstanceDetail): WebSlice {
  const phases: FrameRef[] = [];
  for (let frameIndex = 0; frameIndex < image.frames; frameIndex += 1) {
    phases.push({
      sopInstanceUid: image.sopInstanceUid,
      frameIndex,
      triggerTime: null,
      instanceNumber: image.instanceNumber,
    });
  }
  return { position: null, phases };
}

// Every frame of every image is a slice of its own; a series of several
// multi-frame images (rare outside cine) is shown frame after frame.
function stillSlices(images: InstanceDetail[]): WebSlice[] {
  const placed = placeAlongNormal(images);
  const slices: WebSlice[] = [];
  for (const { image, position } of placed) {
    for (let frameIndex = 0; frameIndex < image.frames; frameIndex += 1) {
      slices.push({
        position,
        phases: [
          {
            sopInstanceUid: image.sopInstanceUid,
            frameIndex,
            triggerTime: image.triggerTime,
            instanceNumber: image.instanceNumber,
          },
        ],
      });
    }
  }
  return slices;
}

interface Placed {
  image: InstanceDetail;
  position: number | null;
}

function placeAlongNormal(images: InstanceDetail[]): Placed[] {
  const normal = sliceNormal(images[0]?.imageOrientation ?? null);
  const placed = images.map((image) => ({
    image,
    position:
      normal && image.imagePosition?.length === 3
        ? round(dot(image.imagePosition, normal))
        : null,
  }));
  const allPlaced = placed.every((p) => p.position !== null);
  return placed.sort((a, b) =>
    allPlaced
      ? a.position! - b.position! || byNumber(a.image, b.image)
      : byNumber(a.image, b.image),
  );
}

function byNumber(a: InstanceDetail, b: InstanceDetail): number {
  const an = a.instanceNumber ?? Number.MAX_SAFE_INTEGER;
  const bn = b.instanceNumber ?? Number.MAX_SAFE_INTEGER;
  if (an !== bn) return an - bn;
  return a.sopInstanceUid < b.sopInstanceUid ? -1 : 1;
}

function sliceNormal(orientation: number[] | null): number[] | null {
  if (!orientation || orientation.length !== 6) return null;
  const [rx = 0, ry = 0, rz = 0, cx = 0, cy = 0, cz = 0] = orientation;
  const n = [ry * cz - rz * cy, rz * cx - rx * cz, rx * cy - ry * cx];
  const length = Math.hypot(...n);
  return length > 0.5 ? n.map((v) => v / length) : null;
}

function dot(a: number[], b: number[]): number {
  return a.reduce((sum, v, i) => sum + v * (b[i] ?? 0), 0);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** The median step between successive trigger times of one slice, in ms. */
function medianPhaseStep(slices: WebSlice[]): number | null {
  const slice = slices.find((s) => s.phases.length > 1);
  if (!slice) return null;
  const steps: number[] = [];
  for (let i = 1; i < slice.phases.length; i += 1) {
    const a = slice.phases[i - 1]?.triggerTime;
    const b = slice.phases[i]?.triggerTime;
    if (a != null && b != null && b > a) steps.push(b - a);
  }
  if (steps.length === 0) return null;
  steps.sort((x, y) => x - y);
  return round(steps[Math.floor(steps.length / 2)]!);
}
