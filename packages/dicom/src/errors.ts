import { defineErrors, type ErrorRegistry } from '@atrium/protocol';

/** Every error code the DICOM package throws, with its default message. */
export type DicomErrorCode =
  | 'DCM_NOT_DICOM'
  | 'DCM_MALFORMED'
  | 'DCM_MISSING_ATTRIBUTE'
  | 'DCM_BAD_ATTRIBUTE'
  | 'DCM_NO_PIXEL_DATA'
  | 'DCM_PIXEL_DATA_TRUNCATED'
  | 'DCM_UNSUPPORTED_TRANSFER_SYNTAX'
  | 'DCM_UNSUPPORTED_PIXEL_FORMAT'
  | 'DCM_FRAME_OUT_OF_RANGE'
  | 'DCM_DECODE_FAILED'
  | 'DCM_CODEC_LOAD_FAILED'
  | 'DCM_ENCODE_FAILED'
  | 'DCM_RENDER_FAILED'
  | 'DCM_BAD_ARGUMENT';

/** The one registry of DCM_ codes: message, HTTP status, safe to show. */
export const dicomErrors: ErrorRegistry<DicomErrorCode> = {
  DCM_NOT_DICOM: {
    message: 'The file is not a DICOM object',
    status: 415,
    expose: true,
  },
  DCM_MALFORMED: {
    message: 'The DICOM data set is malformed',
    status: 422,
    expose: true,
  },
  DCM_MISSING_ATTRIBUTE: {
    message: 'A required DICOM attribute is missing',
    status: 422,
    expose: true,
  },
  DCM_BAD_ATTRIBUTE: {
    message: 'A DICOM attribute has a value that cannot be used',
    status: 422,
    expose: true,
  },
  DCM_NO_PIXEL_DATA: {
    message: 'The DICOM object holds no image',
    status: 422,
    expose: true,
  },
  DCM_PIXEL_DATA_TRUNCATED: {
    message: 'The pixel data is shorter than the image needs',
    status: 422,
    expose: true,
  },
  DCM_UNSUPPORTED_TRANSFER_SYNTAX: {
    message: 'The transfer syntax is not supported',
    status: 415,
    expose: true,
  },
  DCM_UNSUPPORTED_PIXEL_FORMAT: {
    message: 'The pixel format is not supported',
    status: 415,
    expose: true,
  },
  DCM_FRAME_OUT_OF_RANGE: {
    message: 'The frame number is out of range',
    status: 400,
    expose: true,
  },
  DCM_DECODE_FAILED: {
    message: 'The compressed frame could not be decoded',
    status: 422,
    expose: true,
  },
  DCM_CODEC_LOAD_FAILED: {
    message: 'An image codec could not be loaded',
    status: 500,
    expose: false,
  },
  DCM_ENCODE_FAILED: {
    message: 'The rendered frame could not be encoded',
    status: 500,
    expose: false,
  },
  DCM_RENDER_FAILED: {
    message: 'The frame could not be rendered because of an internal error',
    status: 500,
    expose: false,
  },
  DCM_BAD_ARGUMENT: {
    message: 'An argument is not valid',
    status: 400,
    expose: true,
  },
};

/** Builds a typed DCM_ error; the message should name what was wrong. */
export const dicomError = defineErrors(dicomErrors);
