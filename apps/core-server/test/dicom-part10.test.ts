import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDicom, Tag } from '@atrium/dicom';
import { buildFileMeta, splitPart10 } from '../src/dicom-net/part10.js';
import { sunnybrookDir } from './support/temp-core.js';

const EXPLICIT_LE = '1.2.840.10008.1.2.1';

describe('Part-10 files of received objects', () => {
  it('puts the meta of a received data set in front of it, readable as a file', () => {
    const original = readFileSync(join(sunnybrookDir(), '1.dcm'));
    const { datasetOffset } = splitPart10(original);
    const dataset = original.subarray(datasetOffset);

    const meta = buildFileMeta({
      sopClassUid: '1.2.840.10008.5.1.4.1.1.4',
      sopInstanceUid: '2.16.124.113543.6006.99.8092043565852267610',
      transferSyntaxUid: EXPLICIT_LE,
      sourceAeTitle: 'SCANNER',
    });
    const file = parseDicom(Buffer.concat([meta, dataset]));

    expect(file.string(Tag.TransferSyntaxUID)).toBe(EXPLICIT_LE);
    expect(file.string(Tag.MediaStorageSOPInstanceUID)).toBe(
      '2.16.124.113543.6006.99.8092043565852267610',
    );
    expect(file.string(Tag.SOPInstanceUID)).toBe(
      parseDicom(original).string(Tag.SOPInstanceUID),
    );
  });

  it('pads odd UIDs with a NUL and counts the group length right', () => {
    const meta = buildFileMeta({
      sopClassUid: '1.2.3',
      sopInstanceUid: '1.2.345',
      transferSyntaxUid: EXPLICIT_LE,
    });
    expect(meta.includes(Buffer.from('1.2.3\0', 'latin1'))).toBe(true);
    const groupLength = meta.readUInt32LE(128 + 4 + 8);
    expect(128 + 4 + 12 + groupLength).toBe(meta.length);
  });

  it('finds where the data set starts, and reads the meta on the way', () => {
    const bytes = readFileSync(join(sunnybrookDir(), '2.dcm'));
    const split = splitPart10(bytes);
    expect(split.transferSyntaxUid).toBe(EXPLICIT_LE);
    expect(split.sopClassUid).toBe('1.2.840.10008.5.1.4.1.1.4');
    // The data set begins with a group 0008 element.
    expect(bytes.readUInt16LE(split.datasetOffset)).toBe(0x0008);
  });

  it('reads a file without the DICM prefix as a bare data set', () => {
    const bare = Buffer.from([0x08, 0x00, 0x16, 0x00, 0x55, 0x49, 0x02, 0x00]);
    expect(splitPart10(bare)).toMatchObject({
      datasetOffset: 0,
      transferSyntaxUid: undefined,
    });
  });
});
