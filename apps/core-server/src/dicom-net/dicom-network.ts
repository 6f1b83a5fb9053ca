import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { RemoteDicomNode } from '@atrium/config';
import type { ImportContext } from '../import/import-paths.js';
import type { StoreReceiver, StoredObject } from './dimse-peer.js';
import { configureDimse } from './dimse.js';
import { DicomServer } from './dicom-server.js';
import { IncomingFolder } from './incoming-folder.js';
import { IncomingImporter } from './incoming-importer.js';
import { Anonymizer, loadDeidentifySecret } from './anonymizer.js';
import type { ScuTarget } from './scu-association.js';
import { StudyRetriever } from './study-retriever.js';

/**
 * Objects received between two imports during a long transfer (a study of
 * a few hundred images is imported at its end: an import meanwhile holds
 * up the acknowledgements).
 */
const IMPORT_BATCH = 500;

/** Milliseconds an inbound association may stay silent. */
const SCP_IDLE_MS = 5 * 60_000;

export interface DicomNetworkOptions {
  /** Overrides LocalPacsPort (tests pass 0). */
  port?: number;
  /** Overrides [Network] BindAddress. */
  bindAddress?: string;
}

/** Events of the DICOM side. */
export interface DicomNetworkEvents {
  /** An object arrived (C-STORE from anyone, or a C-GET we made). */
  stored: [StoredObject];
}

/**
 * The DICOM side of the Core Server: the incoming folder and its importer,
 * the DICOM port (when EnableStoreScp, EnableQueryScp or EnableCGet is on)
 * and what the RPC methods need to reach the remote nodes.
 *
 * Known limitations: DICOM TLS is not served (LocalPacsTlsPort) nor spoken
 * to nodes with Tls=true (they are refused); a node's CharacterEncoding is
 * not applied (objects go out in their own character set).
 */
export class DicomNetwork extends EventEmitter<DicomNetworkEvents> {
  readonly localAeTitle: string;
  readonly nodes: readonly RemoteDicomNode[];
  readonly importer: IncomingImporter;
  readonly folder: IncomingFolder;
  readonly ctx: ImportContext;
  readonly storeScpEnabled: boolean;
  readonly retriever: StudyRetriever;
  #server: DicomServer | undefined;
  #storedSinceImport = 0;

  private constructor(ctx: ImportContext, folder: IncomingFolder) {
    super();
    const { dicomNetwork } = ctx.config;
    this.ctx = ctx;
    this.localAeTitle = dicomNetwork.localPacsAeTitle;
    this.nodes = dicomNetwork.remoteDicomNodes;
    this.storeScpEnabled = dicomNetwork.enableStoreScp;
    this.folder = folder;
    this.importer = new IncomingImporter(ctx, folder.dir);
    this.retriever = new StudyRetriever(this);
  }

  /** The DICOM side of a Core Server, not yet started. */
  static create(ctx: ImportContext): DicomNetwork {
    const folder = new IncomingFolder(
      join(ctx.config.general.dataFilePath, 'incoming'),
    );
    return new DicomNetwork(ctx, folder);
  }

  /** Creates and starts the DICOM side (see start). */
  static async start(
    ctx: ImportContext,
    options: DicomNetworkOptions = {},
  ): Promise<DicomNetwork> {
    const dicom = DicomNetwork.create(ctx);
    await dicom.start(options);
    return dicom;
  }

  /**
   * Prepares the incoming folder, starts its monitor (which first imports
   * whatever a previous run left there) and opens the DICOM port when
   * EnableStoreScp, EnableQueryScp or EnableCGet is on. A port that cannot
   * be bound rejects with CORE_PORT_UNAVAILABLE naming LocalPacsPort.
   */
  async start(options: DicomNetworkOptions = {}): Promise<void> {
    const { ctx } = this;
    const { dicomNetwork, network } = ctx.config;
    configureDimse(ctx.log, dicomNetwork.enableLowLevelDebug);

    const dropped = await this.folder.prepare();
    if (dropped > 0) {
      ctx.log.warn(
        'Removed objects that were still arriving at the last stop',
        {
          objects: dropped,
        },
      );
    }

    this.importer.start(dicomNetwork.incomingDirMonitorInterval);
    const services = {
      store: dicomNetwork.enableStoreScp,
      query: dicomNetwork.enableQueryScp,
      get: dicomNetwork.enableCGet,
    };
    if (!services.store && !services.query && !services.get) return;

    try {
      this.#server = await DicomServer.start(
        {
          db: ctx.db,
          log: ctx.log,
          localAeTitle: this.localAeTitle,
          services,
          maximumQueryResults: dicomNetwork.maximumQueryResults,
          nodes: this.nodes,
          receiver: this.receiver(),
          idleMs: SCP_IDLE_MS,
          rules: {
            localAeTitle: this.localAeTitle,
            acceptUnknownAeTitles: dicomNetwork.acceptUnknownAeTitles,
            nodes: this.nodes,
          },
          maximumConnections: dicomNetwork.maximumConnections,
          onStoredAssociationEnded: () => void this.importer.request(),
          targetOf: (node) => this.targetOf(node),
        },
        options.bindAddress ?? network.bindAddress,
        options.port ?? dicomNetwork.localPacsPort,
      );
    } catch (err) {
      await this.importer.close();
      throw err;
    }
  }

  /** The DICOM port, or undefined when no DICOM service is enabled. */
  get port(): number | undefined {
    return this.#server?.port;
  }

  /** Receives objects into the incoming folder and reports each one. */
  receiver(): StoreReceiver {
    return {
      folder: this.folder,
      onStored: (stored) => {
        this.emit('stored', stored);
        // A long transfer is indexed while it goes on, not only at its end.
        this.#storedSinceImport += 1;
        if (this.#storedSinceImport < IMPORT_BATCH) return;
        this.#storedSinceImport = 0;
        void this.importer.request();
      },
    };
  }

  /** How Atrium reaches a node: its address, AE titles and Timeout. */
  targetOf(node: RemoteDicomNode): ScuTarget {
    return {
      host: node.address,
      port: node.port,
      calledAeTitle: node.aeTitle,
      callingAeTitle: node.connectAsAeTitle || this.localAeTitle,
      timeoutSeconds: node.timeout,
      tls: node.tls,
    };
  }

  /** The anonymiser for sends to a node (its AnonymizeName). */
  async anonymizerFor(node: RemoteDicomNode): Promise<Anonymizer> {
    const secret = await loadDeidentifySecret(
      join(this.ctx.dataDir, 'keys', 'deidentify.key'),
    );
    return new Anonymizer(secret, node.anonymizeName);
  }

  /** Closes the DICOM port and waits for the importer to finish its run. */
  async close(): Promise<void> {
    await this.#server?.close();
    await this.importer.close();
  }
}
