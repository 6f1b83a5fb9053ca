/** The start-of-frame facts of a JPEG stream. */
export interface JpegFrameHeader {
  /** The SOF marker's low byte: 0xc0 baseline ... 0xc3 lossless, and so on. */
  readonly process: number;
  readonly precision: number;
  readonly rows: number;
  readonly columns: number;
  readonly components: number;
}

/**
 * Finds the first start-of-frame marker of a JPEG stream by walking its
 * marker segments. Returns undefined when the bytes are not such a stream.
 */
export function readJpegFrameHeader(
  bytes: Uint8Array,
): JpegFrameHeader | undefined {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let offset = 2;

  while (offset + 4 <= bytes.byteLength) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    const length = ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0);
    if (isStartOfFrame(marker)) {
      return {
        process: marker,
        precision: bytes[offset + 4] ?? 0,
        rows: ((bytes[offset + 5] ?? 0) << 8) | (bytes[offset + 6] ?? 0),
        columns: ((bytes[offset + 7] ?? 0) << 8) | (bytes[offset + 8] ?? 0),
        components: bytes[offset + 9] ?? 0,
      };
    }
    offset += 2 + length;
  }
  return undefined;
}

function isStartOfFrame(marker: number): boolean {
  // C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frames.
  return (
    marker >= 0xc0 &&
    marker <= 0xcf &&
    marker !== 0xc4 &&
    marker !== 0xc8 &&
    marker !== 0xcc
  );
}

/** SOF markers of DCT processes that use Huffman coding. */
export function isHuffmanDct(process: number): boolean {
  return process === 0xc0 || process === 0xc1 || process === 0xc2;
}

/** SOF markers of the lossless processes (Huffman). */
export function isLosslessProcess(process: number): boolean {
  return process === 0xc3 || process === 0xc7;
}

/**
 * Whether any scan of a progressive JPEG refines coefficients by successive
 * approximation (Ah or Al not 0). Entropy-coded data escapes 0xFF bytes,
 * so a 0xFF 0xDA pair always starts a scan header.
 */
export function usesSuccessiveApproximation(bytes: Uint8Array): boolean {
  for (let offset = 2; offset + 4 < bytes.byteLength; offset += 1) {
    if (bytes[offset] !== 0xff || bytes[offset + 1] !== 0xda) continue;
    const components = bytes[offset + 4] ?? 0;
    const approximation = bytes[offset + 5 + components * 2 + 2] ?? 0;
    if (approximation !== 0) return true;
  }
  return false;
}
