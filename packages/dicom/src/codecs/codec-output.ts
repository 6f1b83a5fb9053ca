/** Samples a codec produced for one frame, before Atrium's own checks. */
export interface CodecOutput {
  /** Interleaved samples; 16-bit codecs give Uint16Array or Int16Array. */
  readonly samples:
    Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array;
  readonly width: number;
  readonly height: number;
  readonly components: number;
  /**
   * True when the codec turned YCbCr (or a JPEG 2000 component transform)
   * into RGB, so the frame is RGB whatever the photometric interpretation.
   */
  readonly convertedToRgb: boolean;
}

/** Reinterprets little-endian codec bytes as 16-bit samples. */
export function toSixteenBit(
  bytes: Uint8Array,
  signed: boolean,
): Uint16Array | Int16Array {
  const buffer = bytes.byteOffset % 2 === 0 ? bytes : bytes.slice();
  const count = Math.floor(buffer.byteLength / 2);
  return signed
    ? new Int16Array(buffer.buffer, buffer.byteOffset, count)
    : new Uint16Array(buffer.buffer, buffer.byteOffset, count);
}

/** Turns planar samples (RRR..GGG..BBB..) into interleaved ones. */
export function interleavePlanes<
  T extends Uint8Array | Uint16Array | Int16Array | Int8Array,
>(
  planar: T,
  pixels: number,
  components: number,
  create: (length: number) => T,
): T {
  const interleaved = create(pixels * components);
  for (let component = 0; component < components; component += 1) {
    const plane = component * pixels;
    for (let index = 0; index < pixels; index += 1) {
      interleaved[index * components + component] = planar[plane + index] ?? 0;
    }
  }
  return interleaved;
}
