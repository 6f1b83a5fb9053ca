/**
 * The lengths of the open study: the saved set drawn again, the user's new
 * and moved lengths, and the list that Save sends. Browser only.
 */
import type { Measurement, WebStudy } from '@atrium/protocol';
import { frameFactsOf, watchFrameArrivals } from './cornerstone-setup';
import { frameOfReferenceOf } from './image-plane';
import {
  countSelectedLengths,
  deleteSelectedLengths,
  drawLength,
  readDrawnLengths,
  redrawLengths,
  removeLengths,
  watchLengthEdits,
  watchSelection,
} from './length-annotations';
import {
  hasExtent,
  indexStudyFrames,
  toDrawnLength,
  toMeasurement,
  type FramePlace,
} from './measurement-convert';

/**
 * A saved length is drawn once its frame's pixels have arrived: only then
 * is the frame's plane (its pixel spacing) known, which placing the points
 * needs. Until then it waits here, and Save sends it as it was loaded, so a
 * length on a frame the user never looked at is kept.
 */
export class StudyMeasurements {
  readonly #frames: Map<string, FramePlace>;
  readonly #waiting = new Map<string, Measurement[]>();
  readonly #listeners = new Set<() => void>();
  readonly #stops: Array<() => void>;
  /** Above 0 while this class itself draws or removes lengths. */
  #quiet = 0;

  constructor(study: WebStudy) {
    this.#frames = indexStudyFrames(study);
    // Lengths left on these frames by an earlier viewer of the study.
    this.#quietly(() => removeLengths(this.#frames));
    this.#stops = [
      watchFrameArrivals((imageId) => this.#drawWaiting(imageId)),
      watchLengthEdits((annotation) => {
        const imageId = annotation.metadata?.referencedImageId ?? '';
        if (this.#quiet === 0 && this.#frames.has(imageId)) this.#changed();
      }),
    ];
  }

  /**
   * Adds the saved set (once, after the study opened); lengths the user
   * drew meanwhile stay.
   */
  load(saved: readonly Measurement[]): void {
    this.#waiting.clear();
    for (const measurement of saved) {
      const { imageId } = toDrawnLength(measurement);
      const list = this.#waiting.get(imageId) ?? [];
      list.push(measurement);
      this.#waiting.set(imageId, list);
    }
    // Frames already shown in this tab have their plane: draw now.
    for (const imageId of [...this.#waiting.keys()]) {
      if (frameFactsOf(imageId)) this.#drawWaiting(imageId);
    }
    redrawLengths();
  }

  /** Every length of the study, as Save sends them. */
  collect(): Measurement[] {
    const drawn = readDrawnLengths(this.#frames)
      .filter(hasExtent)
      .map((length) => {
        const place = this.#frames.get(length.imageId)!;
        const spacing = frameFactsOf(length.imageId)?.pixelSpacing ?? null;
        return toMeasurement(length, place, spacing);
      });
    return [...drawn, ...[...this.#waiting.values()].flat()];
  }

  /** How many lengths Save would send. */
  get count(): number {
    return this.collect().length;
  }

  /** How many of the study's lengths are selected. */
  get selectedCount(): number {
    return countSelectedLengths(this.#frames);
  }

  /** Calls `listener` when the selection changes; returns the stop. */
  onSelectionChange(listener: () => void): () => void {
    const stop = watchSelection(listener);
    this.#stops.push(stop);
    return stop;
  }

  /** Deletes the selected lengths; returns how many. */
  deleteSelected(): number {
    const deleted = deleteSelectedLengths();
    if (deleted > 0) redrawLengths();
    return deleted;
  }

  /** Calls `listener` after each change the user makes. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops watching and takes the study's lengths off the viewports. */
  dispose(): void {
    for (const stop of this.#stops) stop();
    this.#listeners.clear();
    this.#quietly(() => removeLengths(this.#frames));
    this.#waiting.clear();
    redrawLengths();
  }

  #drawWaiting(imageId: string): void {
    const saved = this.#waiting.get(imageId);
    const place = this.#frames.get(imageId);
    if (!saved || !place) return;
    this.#waiting.delete(imageId);
    const frameOfReference = frameOfReferenceOf(place.seriesUid);
    this.#quietly(() => {
      for (const measurement of saved) {
        drawLength(toDrawnLength(measurement), frameOfReference);
      }
    });
  }

  #quietly(work: () => void): void {
    this.#quiet += 1;
    try {
      work();
    } finally {
      this.#quiet -= 1;
    }
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }
}
