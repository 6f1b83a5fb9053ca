/**
 * Which end of a cine stack is slice 1, for every place that numbers
 * slices (the viewer's overlay and the report's "Slice i, phase j"), so a
 * clinician finds a measurement on the slice the report names.
 *
 * The Core Server orders slices along the slice normal, whose sign depends
 * on the orientation cosines; a cardiologist expects the stack to start
 * where the scanner started (for short axis, the base). So slice 1 is the
 * end holding the first acquired image: the order is turned when the
 * lowest instance number lies on the last slice. Stacks without instance
 * numbers keep the Core Server's order.
 */

/**
 * Whether slices are to be numbered from the Core Server's last slice.
 * `instanceNumbers[s][p]` is the instance number of phase p of slice s.
 */
export function numbersSlicesFromEnd(
  instanceNumbers: readonly (readonly (number | null | undefined)[])[],
): boolean {
  let lowest = Number.POSITIVE_INFINITY;
  let lowestSlice = -1;
  instanceNumbers.forEach((phases, slice) => {
    for (const number of phases) {
      if (typeof number !== 'number' || number >= lowest) continue;
      lowest = number;
      lowestSlice = slice;
    }
  });
  const last = instanceNumbers.length - 1;
  return last >= 1 && lowestSlice === last;
}
