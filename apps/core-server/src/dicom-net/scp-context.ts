import type { Database } from 'better-sqlite3';
import type { RemoteDicomNode } from '@atrium/config';
import type { Logger } from '@atrium/log';
import type {
  AssociationAsk,
  AssociationVerdict,
} from './association-policy.js';
import type { StoreReceiver } from './dimse-peer.js';
import type { OfferedServices } from './presentation-contexts.js';
import type { ScuTarget } from './scu-association.js';

/** What the DICOM port's associations share (built by the DICOM server). */
export interface ScpContext {
  db: Database;
  log: Logger;
  localAeTitle: string;
  services: OfferedServices;
  /** MaximumQueryResults of [DicomNetwork]. */
  maximumQueryResults: number;
  nodes: readonly RemoteDicomNode[];
  receiver: StoreReceiver;
  /** Milliseconds an association may stay silent. */
  idleMs: number;
  /**
   * Decides on an association request; when it accepts, the association
   * counts against MaximumConnections until `associationEnded`.
   */
  admit(ask: AssociationAsk): Promise<AssociationVerdict>;
  /** An admitted association closed; `stored` objects came in on it. */
  associationEnded(stored: number): void;
  /** Where to send objects for a node (C-MOVE destinations). */
  targetOf(node: RemoteDicomNode): ScuTarget;
}
