import type { CineAxes, CineSlice, InstanceDetail } from './study-types.js';

/** Instances closer than this along the normal share one slice location. */
const SAME_SLICE_MM = 0.05;
/** Direction cosines that differ by less than this count as one plane. */
const SAME_ORIENTATION = 1e-3;

interface Placed {
  instance: InstanceDetail;
  imagePosition: number[];
  position: number;
}

/**
 * Works out the slice and phase axes of a cine series made of single-frame
 * instances: the slice normal is the cross product of the row and column
 * direction cosines (ImageOrientationPatient), each instance's position
 * along it is ImagePositionPatient · normal, instances at one position form
 * a slice, and a slice's phases are ordered by TriggerTime. File names,
 * instance numbers and SliceLocation are not used for the order.
 *
 * Returns null when the series is not such a stack: fewer than two images,
 * multi-frame images, missing or differing orientations, or no slice with
 * more than one phase. Known limit: the frames of an enhanced multi-frame
 * cine (one file, per-frame functional groups) are not split into axes.
 */
export function computeCineAxes(
  instances: readonly InstanceDetail[],
): CineAxes | null {
  const images = instances.filter((instance) => instance.hasPixelData);
  if (images.length < 2) return null;
  if (images.some((image) => image.frames > 1)) return null;

  const orientation = images[0]?.imageOrientation;
  if (!orientation || orientation.length !== 6) return null;
  if (!images.every((image) => isSamePlane(image, orientation))) return null;

  const normal = normalise(
    crossProduct(orientation.slice(0, 3), orientation.slice(3, 6)),
  );
  if (!normal) return null;
  const placed = placeAlongNormal(images, normal);
  if (!placed) return null;

  const slices = groupSlices(placed);
  const phaseCount = Math.max(...slices.map((slice) => slice.phases.length));
  if (phaseCount < 2) return null;

  return {
    sliceNormal: normal,
    slices,
    phaseCount,
    complete: slices.every((slice) => slice.phases.length === phaseCount),
  };
}

function isSamePlane(image: InstanceDetail, orientation: number[]): boolean {
  const own = image.imageOrientation;
  if (!own || own.length !== 6) return false;
  return own.every(
    (value, i) => Math.abs(value - orientation[i]!) < SAME_ORIENTATION,
  );
}

function placeAlongNormal(
  images: InstanceDetail[],
  normal: number[],
): Placed[] | null {
  const placed: Placed[] = [];
  for (const instance of images) {
    const ipp = instance.imagePosition;
    if (!ipp || ipp.length !== 3) return null;
    placed.push({
      instance,
      imagePosition: ipp,
      position: dotProduct(ipp, normal),
    });
  }
  return placed.sort((a, b) => a.position - b.position);
}

function groupSlices(placed: Placed[]): CineSlice[] {
  const groups: Placed[][] = [];
  for (const entry of placed) {
    const current = groups.at(-1);
    const first = current?.[0];
    if (current && first && entry.position - first.position < SAME_SLICE_MM) {
      current.push(entry);
    } else {
      groups.push([entry]);
    }
  }

  return groups.map((group) => {
    const first = group[0]!;
    const phases = group
      .map((entry) => entry.instance)
      .sort(comparePhases)
      .map((instance) => ({
        sopInstanceUid: instance.sopInstanceUid,
        triggerTime: instance.triggerTime,
      }));
    return {
      position: roundMillimetres(first.position),
      imagePosition: first.imagePosition,
      phases,
    };
  });
}

// Phases without a trigger time go last; instance number, then UID, keep
// the order stable when times are equal or missing.
function comparePhases(a: InstanceDetail, b: InstanceDetail): number {
  return (
    compareNullable(a.triggerTime, b.triggerTime) ||
    compareNullable(a.instanceNumber, b.instanceNumber) ||
    (a.sopInstanceUid < b.sopInstanceUid ? -1 : 1)
  );
}

function compareNullable(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

function crossProduct(a: number[], b: number[]): number[] {
  const [ax = 0, ay = 0, az = 0] = a;
  const [bx = 0, by = 0, bz = 0] = b;
  return [ay * bz - az * by, az * bx - ax * bz, ax * by - ay * bx];
}

// Direction cosines written with few decimals give a normal slightly off
// unit length; scaling it back keeps positions in millimetres.
function normalise(vector: number[]): number[] | null {
  const length = Math.hypot(...vector);
  if (!(length > 0.5)) return null;
  return vector.map((value) => value / length);
}

function dotProduct(a: number[], b: number[]): number {
  return a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0);
}

function roundMillimetres(value: number): number {
  return Math.round(value * 1000) / 1000;
}
