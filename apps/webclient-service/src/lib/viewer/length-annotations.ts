/**
 * The viewer's lengths in Cornerstone's annotation state: read as image
 * pixel points, drawn again from saved points, deleted when selected, and
 * watched for the user's edits. Browser only.
 *
 * Handles live in world coordinates; Cornerstone's worldToImageCoords and
 * imageToWorldCoords turn them into pixel points of the annotation's frame
 * and back, from the plane the metadata provider describes. Known limit:
 * in Cornerstone 5.14 those two scale the distance along a row by the row
 * spacing, while its stack viewport uses the column spacing there; on a
 * frame whose pixels are not square (PixelSpacing values that differ) the
 * saved points and value are off by their ratio. Cardiac MR and CT frames
 * have square pixels.
 */
import {
  eventTarget,
  getEnabledElements,
  utilities,
  type Types,
} from '@cornerstonejs/core';
import {
  annotation as annotationApi,
  Enums as ToolEnums,
  LengthTool,
  utilities as toolUtilities,
  type Types as ToolTypes,
} from '@cornerstonejs/tools';
import type { ImagePoint } from '@atrium/protocol';
import type { DrawnLength } from './measurement-convert';

/** The Cornerstone tool that draws lengths. */
export const LENGTH_TOOL_NAME = LengthTool.toolName;

const { state, selection } = annotationApi;
const { Events, ChangeTypes } = ToolEnums;

/**
 * The text beside a length (LengthTool's getTextLines): its label, if any,
 * and the distance between its handles as they are now. World units are
 * mm on a frame with pixel spacing and pixels on one without, which is the
 * unit Cornerstone works out. Its own text shows the value it recomputes at
 * most every 100 ms while a handle moves, so after a quick drag it could
 * show a length the line no longer has.
 */
export function describeLengthText(
  data: {
    handles?: { points?: Types.Point3[] };
    label?: unknown;
    cachedStats?: unknown;
  },
  targetId: string,
): string[] {
  const [start, end] = data.handles?.points ?? [];
  if (!start || !end) return [];
  const distance = Math.hypot(
    end[0] - start[0],
    end[1] - start[1],
    end[2] - start[2],
  );
  const stats = (data.cachedStats as Record<string, { unit?: unknown }>)?.[
    targetId
  ];
  const unit = stats?.unit === 'px' ? 'px' : 'mm';
  const value = `${distance.toFixed(1)} ${unit}`;
  const label = typeof data.label === 'string' ? data.label.trim() : '';
  return label ? [label, value] : [value];
}

/** The lengths drawn on the given frames, as pixel points. */
export function readDrawnLengths(imageIds: {
  has(imageId: string): boolean;
}): DrawnLength[] {
  const drawn: DrawnLength[] = [];
  for (const annotation of listLengths()) {
    const imageId = annotation.metadata?.referencedImageId;
    const points = annotation.data.handles?.points ?? [];
    if (!imageId || !imageIds.has(imageId) || points.length !== 2) continue;
    if (!annotation.annotationUID) continue;
    drawn.push({
      id: annotation.annotationUID,
      imageId,
      points: points.map((world) => toImagePoint(imageId, world)),
      label:
        typeof annotation.data.label === 'string' ? annotation.data.label : '',
    });
  }
  return drawn;
}

/**
 * Draws a saved length on its frame. The frame's plane must be known (its
 * pixels have arrived), else the points would land with the wrong spacing.
 */
export function drawLength(
  drawn: DrawnLength,
  frameOfReferenceUID: string,
): void {
  const annotation = LengthTool.createAnnotation({
    annotationUID: drawn.id,
    metadata: {
      toolName: LENGTH_TOOL_NAME,
      FrameOfReferenceUID: frameOfReferenceUID,
      referencedImageId: drawn.imageId,
    },
    data: { label: drawn.label },
  });
  annotation.data.handles!.points = drawn.points.map(
    (point) =>
      utilities.imageToWorldCoords(drawn.imageId, point) as Types.Point3,
  );
  // Drawn as saved, not being edited: its length is worked out on the
  // first render without counting as a change.
  annotation.highlighted = false;
  annotation.invalidated = false;
  state.addAnnotation(annotation, frameOfReferenceUID);
}

/** Removes the lengths on the given frames (every length when omitted). */
export function removeLengths(imageIds?: { has(imageId: string): boolean }) {
  for (const annotation of listLengths()) {
    const imageId = annotation.metadata?.referencedImageId ?? '';
    if (imageIds && !imageIds.has(imageId)) continue;
    removeOne(annotation.annotationUID);
  }
}

/** How many of the lengths on the given frames are selected. */
export function countSelectedLengths(imageIds: {
  has(imageId: string): boolean;
}): number {
  return selection
    .getAnnotationsSelectedByToolName(LENGTH_TOOL_NAME)
    .filter((uid) => {
      const imageId = state.getAnnotation(uid)?.metadata?.referencedImageId;
      return imageIds.has(imageId ?? '');
    }).length;
}

/**
 * Calls `listener` whenever the selection of annotations changes. Cornerstone
 * selects what a click picks only once it knows the click is no double
 * click, some 400 ms later. Returns the function that stops listening.
 */
export function watchSelection(listener: () => void): () => void {
  const name = Events.ANNOTATION_SELECTION_CHANGE;
  eventTarget.addEventListener(name, listener);
  return () => eventTarget.removeEventListener(name, listener);
}

/** Deletes the selected lengths; returns how many. */
export function deleteSelectedLengths(): number {
  const uids = selection.getAnnotationsSelectedByToolName(LENGTH_TOOL_NAME);
  for (const uid of uids) removeOne(uid);
  return uids.length;
}

/**
 * Draws the annotations of every viewport again: a length added or removed
 * here is otherwise only seen at the viewport's next render.
 */
export function redrawLengths(): void {
  for (const { viewport } of getEnabledElements()) {
    if (viewport) toolUtilities.triggerAnnotationRender(viewport.element);
  }
}

/**
 * Calls `listener` with the annotation each time the user finishes, moves
 * or deletes a length. Cornerstone working out a length's value is no
 * change. Returns the function that stops listening.
 */
export function watchLengthEdits(
  listener: (annotation: ToolTypes.Annotation) => void,
): () => void {
  const onEvent = (event: Event) => {
    const detail = (event as CustomEvent).detail as {
      annotation?: ToolTypes.Annotation;
      changeType?: string;
    };
    const annotation = detail?.annotation;
    if (annotation?.metadata?.toolName !== LENGTH_TOOL_NAME) return;
    if (IGNORED_CHANGES.has(detail.changeType ?? '')) return;
    listener(annotation);
  };
  const names = [
    Events.ANNOTATION_COMPLETED,
    Events.ANNOTATION_MODIFIED,
    Events.ANNOTATION_REMOVED,
  ];
  for (const name of names) eventTarget.addEventListener(name, onEvent);
  return () => {
    for (const name of names) eventTarget.removeEventListener(name, onEvent);
  };
}

const IGNORED_CHANGES = new Set<string>([
  ChangeTypes.StatsUpdated,
  ChangeTypes.InitialSetup,
]);

function listLengths(): ToolTypes.Annotation[] {
  return state
    .getAllAnnotations()
    .filter((annotation) => annotation.metadata?.toolName === LENGTH_TOOL_NAME);
}

function removeOne(uid: string | undefined): void {
  if (!uid) return;
  selection.deselectAnnotation(uid);
  state.removeAnnotation(uid);
}

function toImagePoint(imageId: string, world: Types.Point3): ImagePoint {
  const [column, row] = utilities.worldToImageCoords(imageId, world) as [
    number,
    number,
  ];
  return [column, row];
}
