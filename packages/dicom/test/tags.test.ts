import { describe, expect, it } from 'vitest';

import { Tag } from '../src/index.js';
import { lookUpVr, makeTag } from '../src/tags.js';

describe('Tag', () => {
  it('names every attribute a study list and a cardiac viewer index', () => {
    const needed = {
      PatientName: 'x00100010',
      PatientID: 'x00100020',
      PatientBirthDate: 'x00100030',
      PatientSex: 'x00100040',
      StudyInstanceUID: 'x0020000d',
      StudyDate: 'x00080020',
      StudyTime: 'x00080030',
      StudyDescription: 'x00081030',
      AccessionNumber: 'x00080050',
      ReferringPhysicianName: 'x00080090',
      InstitutionName: 'x00080080',
      Manufacturer: 'x00080070',
      ManufacturerModelName: 'x00081090',
      Modality: 'x00080060',
      SeriesInstanceUID: 'x0020000e',
      SeriesNumber: 'x00200011',
      SeriesDescription: 'x0008103e',
      SOPClassUID: 'x00080016',
      SOPInstanceUID: 'x00080018',
      InstanceNumber: 'x00200013',
      Rows: 'x00280010',
      Columns: 'x00280011',
      NumberOfFrames: 'x00280008',
      ImagePositionPatient: 'x00200032',
      ImageOrientationPatient: 'x00200037',
      SliceLocation: 'x00201041',
      TriggerTime: 'x00181060',
      CardiacNumberOfImages: 'x00181090',
      PixelSpacing: 'x00280030',
      SliceThickness: 'x00180050',
      WindowCenter: 'x00281050',
      WindowWidth: 'x00281051',
      RescaleSlope: 'x00281053',
      RescaleIntercept: 'x00281052',
      PhotometricInterpretation: 'x00280004',
      BitsAllocated: 'x00280100',
      BitsStored: 'x00280101',
      PixelRepresentation: 'x00280103',
      SamplesPerPixel: 'x00280002',
      FrameTime: 'x00181063',
      SpecificCharacterSet: 'x00080005',
      TransferSyntaxUID: 'x00020010',
      SharedFunctionalGroupsSequence: 'x52009229',
      PerFrameFunctionalGroupsSequence: 'x52009230',
      PixelMeasuresSequence: 'x00289110',
      PlanePositionSequence: 'x00209113',
      PlaneOrientationSequence: 'x00209116',
      FrameVOILUTSequence: 'x00289132',
      PixelValueTransformationSequence: 'x00289145',
      FrameContentSequence: 'x00209111',
      CardiacSynchronizationSequence: 'x00189118',
    };
    for (const [keyword, tag] of Object.entries(needed))
      expect(Tag[keyword], keyword).toBe(tag);
  });

  it('knows the VR of dictionary tags, group lengths and repeating overlay groups', () => {
    expect(lookUpVr(Tag.Rows)).toBe('US');
    expect(lookUpVr(Tag.PerFrameFunctionalGroupsSequence)).toBe('SQ');
    expect(lookUpVr('x00090000')).toBe('UL');
    expect(lookUpVr('x60023000')).toBe('OW');
    expect(lookUpVr('x60010010')).toBeUndefined();
    expect(lookUpVr('x00291010')).toBeUndefined();
    expect(makeTag(0xfffe, 0xe000)).toBe('xfffee000');
  });
});
