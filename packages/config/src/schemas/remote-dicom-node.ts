import type { ListSchema } from '../schema.js';

/**
 * The `RemoteDicomNodes\N\Key` entries of `[DicomNetwork]` in
 * serverconfig.ini. Defaults DESIGN.md leaves open, chosen here: Timeout 30
 * seconds, Send on, the other switches off; ReportDicomType
 * EncapsulatedPdf; AnonymizeName and CharacterEncoding empty (the
 * anonymiser's default name; each object's own character set).
 */
export const remoteDicomNodeListSchema = {
  key: 'RemoteDicomNodes',
  doc: 'Remote DICOM nodes, one group of RemoteDicomNodes\\N\\Key lines per node, N from 1.',
  fields: {
    address: {
      key: 'Address',
      type: 'host',
      default: '',
      required: true,
      doc: 'Host name or IP address of the node (required).',
    },
    port: {
      key: 'Port',
      type: 'port',
      default: 104,
      doc: 'DICOM port of the node.',
    },
    aeTitle: {
      key: 'AETitle',
      type: 'aetitle',
      default: '',
      required: true,
      doc: 'AE title of the node (required).',
    },
    description: {
      key: 'Description',
      type: 'string',
      default: '',
      doc: 'Name shown to users.',
    },
    timeout: {
      key: 'Timeout',
      type: 'int',
      default: 30,
      min: 1,
      max: 3600,
      doc: 'Seconds to wait for the node before giving up.',
    },
    connectAsAeTitle: {
      key: 'ConnectAsAETitle',
      type: 'aetitle',
      default: '',
      optional: true,
      doc: 'Calling AE title used towards this node; empty uses LocalPacsAETitle.',
    },
    restrictToRole: {
      key: 'RestrictToRole',
      type: 'string',
      default: '',
      doc: 'Only users holding this role may use the node; empty allows everyone.',
    },
    tls: {
      key: 'Tls',
      type: 'bool',
      default: false,
      doc: 'Connect with DICOM TLS.',
    },
    send: {
      key: 'Send',
      type: 'bool',
      default: true,
      doc: 'Users may send studies to the node.',
    },
    anonymizedSend: {
      key: 'AnonymizedSend',
      type: 'bool',
      default: false,
      doc: 'Studies sent to the node are anonymised first.',
    },
    anonymizeName: {
      key: 'AnonymizeName',
      type: 'string',
      default: '',
      doc: "Patient name written into anonymised studies; empty uses the anonymiser's default.",
    },
    sendOriginalStudy: {
      key: 'SendOriginalStudy',
      type: 'bool',
      default: false,
      doc: 'Send the original study along with results.',
    },
    sendWorkspaces: {
      key: 'SendWorkspaces',
      type: 'bool',
      default: false,
      doc: 'Send saved workspaces.',
    },
    sendReports: {
      key: 'SendReports',
      type: 'bool',
      default: false,
      doc: 'Send reports.',
    },
    reportDicomType: {
      key: 'ReportDicomType',
      type: 'enum',
      values: ['EncapsulatedPdf', 'SecondaryCapture'],
      default: 'EncapsulatedPdf',
      doc: 'How reports are sent: EncapsulatedPdf or SecondaryCapture images.',
    },
    queryRetrieve: {
      key: 'QueryRetrieve',
      type: 'bool',
      default: false,
      doc: 'Default Query/Retrieve node: studies missing locally are fetched from it.',
    },
    cGet: {
      key: 'CGet',
      type: 'bool',
      default: false,
      doc: 'Retrieve from the node with C-GET instead of C-MOVE.',
    },
    characterEncoding: {
      key: 'CharacterEncoding',
      type: 'string',
      default: '',
      doc: 'Specific Character Set used towards the node, e.g. ISO_IR 192; empty keeps each object as it is.',
    },
  },
} as const satisfies ListSchema;
