export {
  testdataDir,
  testdataPath,
  hasTestdata,
  repositoryRoot,
} from './locate.js';
export {
  readManifest,
  type ManifestRow,
  type ExpectedBehaviour,
  type ReferenceVoi,
} from './manifest.js';
