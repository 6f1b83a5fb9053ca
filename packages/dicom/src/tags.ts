/**
 * The attributes Atrium reads by name, with their value representation.
 * Keys are dicom-parser style: 'x' and eight lowercase hex digits of group
 * and element. The VR is what an implicit-VR file leaves out.
 */
const dictionary = {
  FileMetaInformationGroupLength: ['x00020000', 'UL'],
  MediaStorageSOPClassUID: ['x00020002', 'UI'],
  MediaStorageSOPInstanceUID: ['x00020003', 'UI'],
  TransferSyntaxUID: ['x00020010', 'UI'],
  ImplementationClassUID: ['x00020012', 'UI'],
  ImplementationVersionName: ['x00020013', 'SH'],
  SourceApplicationEntityTitle: ['x00020016', 'AE'],

  SpecificCharacterSet: ['x00080005', 'CS'],
  ImageType: ['x00080008', 'CS'],
  InstanceCreationDate: ['x00080012', 'DA'],
  InstanceCreationTime: ['x00080013', 'TM'],
  SOPClassUID: ['x00080016', 'UI'],
  SOPInstanceUID: ['x00080018', 'UI'],
  StudyDate: ['x00080020', 'DA'],
  SeriesDate: ['x00080021', 'DA'],
  AcquisitionDate: ['x00080022', 'DA'],
  ContentDate: ['x00080023', 'DA'],
  AcquisitionDateTime: ['x0008002a', 'DT'],
  StudyTime: ['x00080030', 'TM'],
  SeriesTime: ['x00080031', 'TM'],
  AcquisitionTime: ['x00080032', 'TM'],
  ContentTime: ['x00080033', 'TM'],
  AccessionNumber: ['x00080050', 'SH'],
  Modality: ['x00080060', 'CS'],
  ModalitiesInStudy: ['x00080061', 'CS'],
  ConversionType: ['x00080064', 'CS'],
  Manufacturer: ['x00080070', 'LO'],
  InstitutionName: ['x00080080', 'LO'],
  ReferringPhysicianName: ['x00080090', 'PN'],
  StationName: ['x00081010', 'SH'],
  StudyDescription: ['x00081030', 'LO'],
  SeriesDescription: ['x0008103e', 'LO'],
  InstitutionalDepartmentName: ['x00081040', 'LO'],
  PerformingPhysicianName: ['x00081050', 'PN'],
  OperatorsName: ['x00081070', 'PN'],
  ManufacturerModelName: ['x00081090', 'LO'],
  ReferencedImageSequence: ['x00081140', 'SQ'],
  ReferencedSOPClassUID: ['x00081150', 'UI'],
  ReferencedSOPInstanceUID: ['x00081155', 'UI'],
  DerivationDescription: ['x00082111', 'ST'],
  RecommendedDisplayFrameRate: ['x00082144', 'IS'],

  PatientName: ['x00100010', 'PN'],
  PatientID: ['x00100020', 'LO'],
  PatientBirthDate: ['x00100030', 'DA'],
  PatientSex: ['x00100040', 'CS'],
  OtherPatientIDs: ['x00101000', 'LO'],
  PatientAge: ['x00101010', 'AS'],
  PatientSize: ['x00101020', 'DS'],
  PatientWeight: ['x00101030', 'DS'],

  ContrastBolusAgent: ['x00180010', 'LO'],
  BodyPartExamined: ['x00180015', 'CS'],
  ScanOptions: ['x00180022', 'CS'],
  SequenceName: ['x00180024', 'SH'],
  CineRate: ['x00180040', 'IS'],
  SliceThickness: ['x00180050', 'DS'],
  KVP: ['x00180060', 'DS'],
  RepetitionTime: ['x00180080', 'DS'],
  EchoTime: ['x00180081', 'DS'],
  MagneticFieldStrength: ['x00180087', 'DS'],
  SpacingBetweenSlices: ['x00180088', 'DS'],
  ProtocolName: ['x00181030', 'LO'],
  TriggerTime: ['x00181060', 'DS'],
  NominalInterval: ['x00181062', 'IS'],
  FrameTime: ['x00181063', 'DS'],
  FrameTimeVector: ['x00181065', 'DS'],
  HeartRate: ['x00181088', 'IS'],
  CardiacNumberOfImages: ['x00181090', 'IS'],
  ImagerPixelSpacing: ['x00181164', 'DS'],
  PatientPosition: ['x00185100', 'CS'],
  CardiacSynchronizationSequence: ['x00189118', 'SQ'],

  StudyInstanceUID: ['x0020000d', 'UI'],
  SeriesInstanceUID: ['x0020000e', 'UI'],
  StudyID: ['x00200010', 'SH'],
  SeriesNumber: ['x00200011', 'IS'],
  AcquisitionNumber: ['x00200012', 'IS'],
  InstanceNumber: ['x00200013', 'IS'],
  ImagePositionPatient: ['x00200032', 'DS'],
  ImageOrientationPatient: ['x00200037', 'DS'],
  FrameOfReferenceUID: ['x00200052', 'UI'],
  TemporalPositionIdentifier: ['x00200100', 'IS'],
  NumberOfTemporalPositions: ['x00200105', 'IS'],
  ImagesInAcquisition: ['x00201002', 'IS'],
  PositionReferenceIndicator: ['x00201040', 'LO'],
  SliceLocation: ['x00201041', 'DS'],
  ImageComments: ['x00204000', 'LT'],
  StackID: ['x00209056', 'SH'],
  InStackPositionNumber: ['x00209057', 'UL'],
  FrameContentSequence: ['x00209111', 'SQ'],
  PlanePositionSequence: ['x00209113', 'SQ'],
  PlaneOrientationSequence: ['x00209116', 'SQ'],
  TemporalPositionIndex: ['x00209128', 'UL'],
  NominalCardiacTriggerDelayTime: ['x00209153', 'FD'],
  FrameAcquisitionNumber: ['x00209156', 'US'],
  DimensionIndexValues: ['x00209157', 'UL'],

  SamplesPerPixel: ['x00280002', 'US'],
  PhotometricInterpretation: ['x00280004', 'CS'],
  PlanarConfiguration: ['x00280006', 'US'],
  NumberOfFrames: ['x00280008', 'IS'],
  FrameIncrementPointer: ['x00280009', 'AT'],
  Rows: ['x00280010', 'US'],
  Columns: ['x00280011', 'US'],
  PixelSpacing: ['x00280030', 'DS'],
  PixelAspectRatio: ['x00280034', 'IS'],
  BitsAllocated: ['x00280100', 'US'],
  BitsStored: ['x00280101', 'US'],
  HighBit: ['x00280102', 'US'],
  PixelRepresentation: ['x00280103', 'US'],
  SmallestImagePixelValue: ['x00280106', 'US'],
  LargestImagePixelValue: ['x00280107', 'US'],
  PixelPaddingValue: ['x00280120', 'US'],
  BurnedInAnnotation: ['x00280301', 'CS'],
  WindowCenter: ['x00281050', 'DS'],
  WindowWidth: ['x00281051', 'DS'],
  RescaleIntercept: ['x00281052', 'DS'],
  RescaleSlope: ['x00281053', 'DS'],
  RescaleType: ['x00281054', 'LO'],
  WindowCenterWidthExplanation: ['x00281055', 'LO'],
  VOILUTFunction: ['x00281056', 'CS'],
  RedPaletteColorLookupTableDescriptor: ['x00281101', 'US'],
  GreenPaletteColorLookupTableDescriptor: ['x00281102', 'US'],
  BluePaletteColorLookupTableDescriptor: ['x00281103', 'US'],
  PaletteColorLookupTableUID: ['x00281199', 'UI'],
  RedPaletteColorLookupTableData: ['x00281201', 'OW'],
  GreenPaletteColorLookupTableData: ['x00281202', 'OW'],
  BluePaletteColorLookupTableData: ['x00281203', 'OW'],
  SegmentedRedPaletteColorLookupTableData: ['x00281221', 'OW'],
  SegmentedGreenPaletteColorLookupTableData: ['x00281222', 'OW'],
  SegmentedBluePaletteColorLookupTableData: ['x00281223', 'OW'],
  LossyImageCompression: ['x00282110', 'CS'],
  LossyImageCompressionRatio: ['x00282112', 'DS'],
  LossyImageCompressionMethod: ['x00282114', 'CS'],
  ModalityLUTSequence: ['x00283000', 'SQ'],
  LUTDescriptor: ['x00283002', 'US'],
  LUTExplanation: ['x00283003', 'LO'],
  ModalityLUTType: ['x00283004', 'LO'],
  LUTData: ['x00283006', 'US'],
  VOILUTSequence: ['x00283010', 'SQ'],
  PixelMeasuresSequence: ['x00289110', 'SQ'],
  FrameVOILUTSequence: ['x00289132', 'SQ'],
  PixelValueTransformationSequence: ['x00289145', 'SQ'],

  RequestedProcedureDescription: ['x00321060', 'LO'],
  PerformedProcedureStepDescription: ['x00400254', 'LO'],
  ValueType: ['x0040a040', 'CS'],
  ConceptNameCodeSequence: ['x0040a043', 'SQ'],
  CompletionFlag: ['x0040a491', 'CS'],
  VerificationFlag: ['x0040a493', 'CS'],
  ContentSequence: ['x0040a730', 'SQ'],
  RealWorldValueMappingSequence: ['x00409096', 'SQ'],
  DocumentTitle: ['x00420010', 'ST'],
  EncapsulatedDocument: ['x00420011', 'OB'],
  MIMETypeOfEncapsulatedDocument: ['x00420012', 'LO'],
  IconImageSequence: ['x00880200', 'SQ'],
  PresentationLUTShape: ['x20500020', 'CS'],

  SharedFunctionalGroupsSequence: ['x52009229', 'SQ'],
  PerFrameFunctionalGroupsSequence: ['x52009230', 'SQ'],
  WaveformSequence: ['x54000100', 'SQ'],
  WaveformData: ['x54001010', 'OW'],

  OverlayRows: ['x60000010', 'US'],
  OverlayColumns: ['x60000011', 'US'],
  NumberOfFramesInOverlay: ['x60000015', 'IS'],
  OverlayType: ['x60000040', 'CS'],
  OverlayOrigin: ['x60000050', 'SS'],
  ImageFrameOrigin: ['x60000051', 'US'],
  OverlayBitsAllocated: ['x60000100', 'US'],
  OverlayBitPosition: ['x60000102', 'US'],
  OverlayData: ['x60003000', 'OW'],

  ExtendedOffsetTable: ['x7fe00001', 'OV'],
  ExtendedOffsetTableLengths: ['x7fe00002', 'OV'],
  FloatPixelData: ['x7fe00008', 'OF'],
  DoubleFloatPixelData: ['x7fe00009', 'OD'],
  PixelData: ['x7fe00010', 'OW'],
} as const;

export type TagKeyword = keyof typeof dictionary;

/** Attribute keyword to tag key, e.g. Tag.StudyInstanceUID === 'x0020000d'. */
export const Tag: { readonly [K in TagKeyword]: string } & {
  readonly [keyword: string]: string;
} = Object.freeze(
  Object.fromEntries(
    Object.entries(dictionary).map(([keyword, [tag]]) => [keyword, tag]),
  ) as { [K in TagKeyword]: string },
);

const vrByTag = new Map<string, string>(
  Object.values(dictionary).map(([tag, vr]) => [tag, vr]),
);

/**
 * The dictionary VR of a tag, or undefined when Atrium does not know it.
 * Overlay groups 6000-601E share the 6000 entries; group lengths are UL.
 */
export function lookUpVr(tag: string): string | undefined {
  const known = vrByTag.get(tag);
  if (known) return known;

  if (tag.endsWith('0000')) return 'UL';
  if (tag.startsWith('x60') && isOverlayGroup(tag)) {
    return vrByTag.get(`x6000${tag.slice(5)}`);
  }
  return undefined;
}

/** Whether the tag's group is one of the repeating overlay groups. */
export function isOverlayGroup(tag: string): boolean {
  const group = Number.parseInt(tag.slice(1, 5), 16);
  return group >= 0x6000 && group <= 0x601e && group % 2 === 0;
}

/** Builds a tag key from group and element numbers. */
export function makeTag(group: number, element: number): string {
  const hex = (value: number) => value.toString(16).padStart(4, '0');
  return `x${hex(group)}${hex(element)}`;
}
