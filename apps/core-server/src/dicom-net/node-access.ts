import type { RemoteDicomNode } from '@atrium/config';
import type { TokenClaims } from '@atrium/tokens';
import { coreError } from '../errors.js';
import type { DicomNetwork } from './dicom-network.js';

/** The node of `RemoteDicomNodes\N`, or CORE_DICOM_NODE_NOT_FOUND. */
export function findNode(dicom: DicomNetwork, index: number): RemoteDicomNode {
  const node = dicom.nodes.find((candidate) => candidate.index === index);
  if (!node) {
    throw coreError(
      'CORE_DICOM_NODE_NOT_FOUND',
      `No remote DICOM node is configured as RemoteDicomNodes\\${index}`,
    );
  }
  return node;
}

/**
 * Whether a user may use a node: RestrictToRole empty, or one of the
 * user's roles (names compared without regard to case).
 */
export function mayUseNode(
  claims: TokenClaims,
  node: RemoteDicomNode,
): boolean {
  const role = node.restrictToRole.trim().toLowerCase();
  return role === '' || claims.roles.some((r) => r.toLowerCase() === role);
}

/** Throws CORE_DICOM_NODE_NOT_ALLOWED unless the user may use the node. */
export function requireNodeAccess(
  claims: TokenClaims,
  node: RemoteDicomNode,
): void {
  if (mayUseNode(claims, node)) return;
  throw coreError(
    'CORE_DICOM_NODE_NOT_ALLOWED',
    `Only users with the role ${node.restrictToRole} may use the DICOM node ${node.aeTitle}`,
  );
}

/**
 * The default Query/Retrieve node: the first (lowest N) with
 * QueryRetrieve=true. LoadStudy retrieves missing studies from it.
 */
export function defaultQueryNode(
  dicom: DicomNetwork,
): RemoteDicomNode | undefined {
  return [...dicom.nodes]
    .sort((a, b) => a.index - b.index)
    .find((node) => node.queryRetrieve);
}

/** The DICOM side, or CORE_DICOM_UNAVAILABLE when the server has none. */
export function requireDicom(dicom: DicomNetwork | undefined): DicomNetwork {
  if (dicom) return dicom;
  throw coreError('CORE_DICOM_UNAVAILABLE');
}
