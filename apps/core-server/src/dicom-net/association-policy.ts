import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { RemoteDicomNode } from '@atrium/config';
import { RejectReason, RejectResult, RejectSource } from './dimse.js';

/** The settings that decide who may associate. */
export interface AssociationRules {
  localAeTitle: string;
  acceptUnknownAeTitles: boolean;
  nodes: readonly RemoteDicomNode[];
}

/** Who asks. */
export interface AssociationAsk {
  callingAeTitle: string;
  calledAeTitle: string;
  /** Address of the peer as the socket reports it. */
  peerAddress: string;
}

/** Why an association is refused, in the terms of A-ASSOCIATE-RJ. */
export interface Refusal {
  accept: false;
  result: number;
  source: number;
  reason: number;
  /** For the log. */
  why: string;
}

/** The answer to an association request. */
export type AssociationVerdict =
  { accept: true; node: RemoteDicomNode | undefined } | Refusal;

/** Resolves a host name to its addresses (dns.lookup by default). */
export type HostResolver = (host: string) => Promise<string[]>;

/**
 * Decides whether a peer may associate: the called AE title must be
 * LocalPacsAETitle and, unless AcceptUnknownAeTitles is on, the calling AE
 * title must be a configured remote node's and the peer must connect from
 * that node's address. The node that matched is returned with the verdict.
 * MaximumConnections is the server's to count (see refuseOverLimit).
 */
export async function judgeAssociation(
  ask: AssociationAsk,
  rules: AssociationRules,
  resolve: HostResolver = resolveHost,
): Promise<AssociationVerdict> {
  if (ask.calledAeTitle.trim() !== rules.localAeTitle) {
    return refuse(
      RejectReason.CalledAeNotRecognized,
      `called AE title ${ask.calledAeTitle} is not ${rules.localAeTitle}`,
    );
  }

  const calling = ask.callingAeTitle.trim();
  const named = rules.nodes.filter((node) => node.aeTitle === calling);
  const node = await findNodeAt(named, ask.peerAddress, resolve);
  if (!node && !rules.acceptUnknownAeTitles) {
    return refuse(
      RejectReason.CallingAeNotRecognized,
      named.length === 0
        ? `calling AE title ${calling} is not a configured remote node`
        : `calling AE title ${calling} connected from ${normaliseAddress(ask.peerAddress)}, not from the address configured for it`,
    );
  }

  return { accept: true, node };
}

/** The refusal when MaximumConnections associations are already open. */
export function refuseOverLimit(maximumConnections: number): Refusal {
  return {
    accept: false,
    result: RejectResult.Transient,
    source: RejectSource.ServiceProviderPresentation,
    reason: RejectReason.LocalLimitExceeded,
    why: `MaximumConnections (${maximumConnections}) associations are already open`,
  };
}

/** The first node whose address is the peer's. */
async function findNodeAt(
  nodes: readonly RemoteDicomNode[],
  peerAddress: string,
  resolve: HostResolver,
): Promise<RemoteDicomNode | undefined> {
  const peer = normaliseAddress(peerAddress);
  for (const node of nodes) {
    const addresses = isIP(node.address)
      ? [node.address]
      : await resolve(node.address).catch(() => []);
    if (addresses.some((address) => normaliseAddress(address) === peer)) {
      return node;
    }
  }
  return undefined;
}

/** An IPv4 peer on a dual-stack socket shows as ::ffff:a.b.c.d. */
export function normaliseAddress(address: string): string {
  const lower = address.toLowerCase();
  return lower.startsWith('::ffff:') && isIP(lower.slice(7)) === 4
    ? lower.slice(7)
    : lower;
}

async function resolveHost(host: string): Promise<string[]> {
  const found = await lookup(host, { all: true });
  return found.map((entry) => entry.address);
}

function refuse(reason: number, why: string): Refusal {
  return {
    accept: false,
    result: RejectResult.Permanent,
    source: RejectSource.ServiceUser,
    reason,
    why,
  };
}
