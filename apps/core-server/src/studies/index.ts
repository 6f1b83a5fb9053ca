export { listStudies } from './list-studies.js';
export { getStudy } from './get-study.js';
export { findInstance } from './find-instance.js';
export { markStudyRead } from './mark-study-read.js';
export { computeCineAxes } from './cine-axes.js';
export { normaliseDicomDate } from './dicom-date.js';
export type * from './study-types.js';
