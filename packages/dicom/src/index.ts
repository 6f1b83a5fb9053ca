export { Tag, type TagKeyword } from './tags.js';
export { TransferSyntax } from './transfer-syntax.js';
export { sniffDicom, parseDicom } from './parse.js';
export type { DicomDataset, DicomElement } from './dataset.js';
export { inspectPixelData, type PixelDataCheck } from './inspect.js';
export { dicomErrors, dicomError, type DicomErrorCode } from './errors.js';
