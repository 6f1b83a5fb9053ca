/**
 * Cornerstone3D for the viewer: initialised once per page (React may mount
 * the viewer twice in development), with an image loader that takes pixel
 * frames from the session's worker and a metadata provider that answers
 * from the facts those frames carry. Browser only.
 */
import {
  Enums,
  imageLoader,
  init as initCore,
  metaData,
  utilities,
  type Types,
} from '@cornerstonejs/core';
import {
  addTool,
  init as initTools,
  LengthTool,
  PanTool,
  WindowLevelTool,
  ZoomTool,
} from '@cornerstonejs/tools';
import type { PixelFrameMeta, WebFrame, WebStudy } from '@atrium/protocol';
import { toViewerImageFields } from './frame-image';
import { describePlane, type SeriesFacts } from './image-plane';
import { IMAGE_SCHEME, parseImageId, toImageId } from './image-ids';
import type { WorkerLink } from './worker-link';

let initialised = false;
let link: WorkerLink | null = null;
const seriesFacts = new Map<string, SeriesFacts>();
const frameFacts = new Map<string, PixelFrameMeta>();
const frameListeners = new Set<(imageId: string) => void>();

/**
 * Initialises Cornerstone and its tools, and points the image loader at
 * the given link. Safe to call again; later calls only change the link.
 */
export function setUpCornerstone(workerLink: WorkerLink): void {
  link = workerLink;
  if (initialised) return;

  initCore();
  initTools();
  addTool(WindowLevelTool);
  addTool(PanTool);
  addTool(ZoomTool);
  addTool(LengthTool);
  imageLoader.registerImageLoader(IMAGE_SCHEME, loadFrameImage);
  metaData.addProvider(provideMetadata, 10_000);
  initialised = true;
}

/** Tells the metadata provider which series and slice each frame is in. */
export function registerStudyImages(study: WebStudy): void {
  for (const series of study.series) {
    for (const slice of series.slices) {
      for (const frame of slice.phases) {
        seriesFacts.set(toImageId(frame), {
          seriesUid: series.seriesUid,
          seriesNumber: series.seriesNumber,
          modality: series.modality,
          rows: series.rows,
          columns: series.columns,
          position: slice.position,
        });
      }
    }
  }
}

function loadFrameImage(imageId: string): Types.IImageLoadObject {
  const ref = parseImageId(imageId);
  if (!ref || !link) {
    const reason = ref
      ? 'no connection to the server'
      : 'not an Atrium image id';
    return { promise: Promise.reject(new Error(`${imageId}: ${reason}`)) };
  }

  const pending = link.requestFrame({ ...ref, triggerTime: null }, 'pixel');
  const promise = pending.promise.then((frame) =>
    toCornerstoneImage(imageId, frame),
  );
  return { promise, cancelFn: pending.cancel };
}

function toCornerstoneImage(imageId: string, frame: WebFrame): Types.IImage {
  if (frame.kind !== 'pixel') {
    throw new Error(`${imageId}: expected a pixel frame, got a rendered one`);
  }
  frameFacts.set(imageId, frame.meta);
  announceFrame(imageId);
  const fields = toViewerImageFields(frame.meta, frame.samples);
  const voxelManager = utilities.VoxelManager.createImageVoxelManager({
    width: fields.columns,
    height: fields.rows,
    scalarData: fields.scalars,
    numberOfComponents: fields.numberOfComponents,
  });

  return {
    imageId,
    minPixelValue: fields.minPixelValue,
    maxPixelValue: fields.maxPixelValue,
    // The scalars already hold modality values: tell Cornerstone so it
    // does not rescale them a second time.
    slope: 1,
    intercept: 0,
    preScale: {
      enabled: true,
      scaled: true,
      scalingParameters: {
        rescaleSlope: fields.rescaleSlope,
        rescaleIntercept: fields.rescaleIntercept,
        modality: seriesFacts.get(imageId)?.modality ?? '',
      },
    },
    windowCenter: fields.windowCentre,
    windowWidth: fields.windowWidth,
    voiLUTFunction: Enums.VOILUTFunctionType.LINEAR,
    getPixelData: () => fields.scalars,
    getCanvas: () => {
      throw new Error('Atrium images are drawn by viewports, not as canvases');
    },
    rows: fields.rows,
    columns: fields.columns,
    height: fields.rows,
    width: fields.columns,
    color: fields.color,
    rgba: false,
    numberOfComponents: fields.numberOfComponents,
    columnPixelSpacing: fields.columnPixelSpacing,
    rowPixelSpacing: fields.rowPixelSpacing,
    invert: fields.invert,
    photometricInterpretation: fields.color
      ? 'RGB'
      : frame.meta.photometricInterpretation,
    sizeInBytes: fields.scalars.byteLength,
    dataType: fields.scalars.constructor
      .name as Types.PixelDataTypedArrayString,
    voxelManager,
  } as Types.IImage;
}

// Cornerstone asks for DICOM modules by name. Only our own image ids are
// answered; each answer is built from the series layout and, once the
// pixel frame has arrived, from the facts it carried.
function provideMetadata(type: string, imageId: string): unknown {
  if (!imageId.startsWith(`${IMAGE_SCHEME}:`)) return undefined;
  const series = seriesFacts.get(imageId);
  const facts = frameFacts.get(imageId);

  switch (type) {
    case 'generalSeriesModule':
      return {
        modality: series?.modality ?? '',
        seriesInstanceUID: series?.seriesUid ?? '',
        seriesNumber: series?.seriesNumber ?? undefined,
      };
    case 'imagePixelModule':
      return describePixels(series, facts);
    case 'imagePlaneModule':
      return describePlane(series, facts);
    case 'voiLutModule':
      return {
        windowCenter: facts?.windowPresets.map((p) => p.centre) ?? [],
        windowWidth: facts?.windowPresets.map((p) => p.width) ?? [],
      };
    case 'modalityLutModule':
      return {
        rescaleSlope: facts?.rescaleSlope ?? 1,
        rescaleIntercept: facts?.rescaleIntercept ?? 0,
      };
    default:
      return undefined;
  }
}

function describePixels(
  series: SeriesFacts | undefined,
  facts: PixelFrameMeta | undefined,
) {
  const bitsStored = facts?.bitsStored ?? 16;
  return {
    samplesPerPixel: facts?.samplesPerPixel ?? 1,
    photometricInterpretation:
      facts?.photometricInterpretation ?? 'MONOCHROME2',
    rows: facts?.rows ?? series?.rows ?? 0,
    columns: facts?.columns ?? series?.columns ?? 0,
    bitsAllocated: facts?.bitsAllocated ?? 16,
    bitsStored,
    highBit: bitsStored - 1,
    pixelRepresentation: facts?.signed ? 1 : 0,
  };
}

/**
 * Calls `listener` with the image id of each frame whose pixels (and so
 * its plane) have just arrived. Returns the function that stops it.
 */
export function watchFrameArrivals(
  listener: (imageId: string) => void,
): () => void {
  frameListeners.add(listener);
  return () => frameListeners.delete(listener);
}

// A listener's failure must not fail the image it was told about.
function announceFrame(imageId: string): void {
  for (const listener of frameListeners) {
    try {
      listener(imageId);
    } catch (error) {
      console.error('atrium: a frame listener failed', error);
    }
  }
}

/** The facts of a frame whose pixels have arrived, or null. */
export function frameFactsOf(imageId: string): PixelFrameMeta | null {
  return frameFacts.get(imageId) ?? null;
}
