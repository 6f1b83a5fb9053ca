export {
  RenderWorker,
  startRenderWorker,
  type RenderWorkerOptions,
} from './render-worker.js';
export { layOutStudy } from './study-layout.js';
export { planPrefetch, PREFETCH_SLICE_REACH } from './prefetch-plan.js';
export { FrameCache, frameKey } from './frame-cache.js';
export {
  FramePipeline,
  type FramePipelineOptions,
  type PixelSource,
} from './frame-pipeline.js';
export {
  RenderPool,
  type EncodedImage,
  type RenderPoolOptions,
} from './render-pool.js';
export { workerErrors, workerError, type WorkerErrorCode } from './errors.js';
