/** What the data set says about a frame a codec is asked to decode. */
export interface CodecRequest {
  readonly encoded: Uint8Array;
  readonly rows: number;
  readonly columns: number;
  readonly samplesPerPixel: number;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly signed: boolean;
}
