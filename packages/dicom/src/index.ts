export { Tag, type TagKeyword } from './tags.js';
export { TransferSyntax } from './transfer-syntax.js';
export { sniffDicom, parseDicom } from './parse.js';
export { MAX_SEQUENCE_DEPTH } from './parse-dataset.js';
export { longVrs } from './parse-bytes.js';
export type { DicomDataset, DicomElement, Truncation } from './dataset.js';
export { inspectPixelData, type PixelDataCheck } from './inspect.js';
export { dicomErrors, dicomError, type DicomErrorCode } from './errors.js';
export { decodeFrame, type DecodedFrame, type ColorSpace } from './decode.js';
export type { Window, VoiFunction } from './frame-attributes.js';
export type { Lut, Palette } from './lut.js';
export type { OverlayPlane } from './overlays.js';
export type { PixelArray } from './pixel-array.js';
export { codecLoadTimes } from './codecs/wasm-loader.js';
export {
  renderFrame,
  type RenderOptions,
  type RenderedFrame,
} from './render.js';
export { encodePng } from './png.js';
