import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadServerConfig } from '@atrium/config';
import {
  judgeAssociation,
  normaliseAddress,
  refuseOverLimit,
  type AssociationRules,
} from '../src/dicom-net/association-policy.js';
import {
  RejectReason,
  RejectResult,
  RejectSource,
} from '../src/dicom-net/dimse.js';
import { cleanUp, makeTempDir } from './support/temp-core.js';

afterEach(cleanUp);

/** Rules from a real serverconfig.ini with two nodes. */
function rulesOf(accept: boolean): AssociationRules {
  const dir = makeTempDir();
  writeFileSync(
    join(dir, 'serverconfig.ini'),
    '[DicomNetwork]\n' +
      `AcceptUnknownAeTitles=${accept}\n` +
      'RemoteDicomNodes\\1\\AETitle=SCANNER\n' +
      'RemoteDicomNodes\\1\\Address=10.1.2.3\n' +
      'RemoteDicomNodes\\2\\AETitle=PACS\n' +
      'RemoteDicomNodes\\2\\Address=pacs.example.org\n',
  );
  const { dicomNetwork } = loadServerConfig(dir);
  return {
    localAeTitle: dicomNetwork.localPacsAeTitle,
    acceptUnknownAeTitles: dicomNetwork.acceptUnknownAeTitles,
    nodes: dicomNetwork.remoteDicomNodes,
  };
}

// Host names are resolved by an injected resolver: no lookup leaves the test.
const resolve = async (host: string) =>
  host === 'pacs.example.org' ? ['10.9.9.9'] : [];

describe('the association policy', () => {
  it('accepts a configured node from its address, in either IPv4 form', async () => {
    const rules = rulesOf(false);
    for (const peerAddress of ['10.1.2.3', '::ffff:10.1.2.3']) {
      const verdict = await judgeAssociation(
        { callingAeTitle: 'SCANNER', calledAeTitle: 'ATRIUM', peerAddress },
        rules,
        resolve,
      );
      expect(verdict).toMatchObject({ accept: true, node: { index: 1 } });
    }
  });

  it('matches a node named by host name through its addresses', async () => {
    const verdict = await judgeAssociation(
      {
        callingAeTitle: 'PACS',
        calledAeTitle: 'ATRIUM',
        peerAddress: '10.9.9.9',
      },
      rulesOf(false),
      resolve,
    );
    expect(verdict).toMatchObject({ accept: true, node: { index: 2 } });
  });

  it('refuses an AE title that is not a node unless unknown titles are accepted', async () => {
    const ask = {
      callingAeTitle: 'STRANGER',
      calledAeTitle: 'ATRIUM',
      peerAddress: '10.1.2.3',
    };
    const refused = await judgeAssociation(ask, rulesOf(false), resolve);
    expect(refused).toMatchObject({
      accept: false,
      result: RejectResult.Permanent,
      source: RejectSource.ServiceUser,
      reason: RejectReason.CallingAeNotRecognized,
    });

    const accepted = await judgeAssociation(ask, rulesOf(true), resolve);
    expect(accepted).toEqual({ accept: true, node: undefined });
  });

  it('refuses a node calling from another address, and says from where', async () => {
    const verdict = await judgeAssociation(
      {
        callingAeTitle: 'SCANNER',
        calledAeTitle: 'ATRIUM',
        peerAddress: '10.6.6.6',
      },
      rulesOf(false),
      resolve,
    );
    expect(verdict.accept).toBe(false);
    expect(verdict).toMatchObject({
      reason: RejectReason.CallingAeNotRecognized,
      why: expect.stringContaining('10.6.6.6'),
    });
  });

  it('refuses a called AE title that is not LocalPacsAETitle', async () => {
    const verdict = await judgeAssociation(
      {
        callingAeTitle: 'SCANNER',
        calledAeTitle: 'OTHER',
        peerAddress: '10.1.2.3',
      },
      rulesOf(true),
      resolve,
    );
    expect(verdict).toMatchObject({
      accept: false,
      reason: RejectReason.CalledAeNotRecognized,
    });
  });

  it('refuses over MaximumConnections as a transient local limit', () => {
    expect(refuseOverLimit(10)).toMatchObject({
      result: RejectResult.Transient,
      source: RejectSource.ServiceProviderPresentation,
      reason: RejectReason.LocalLimitExceeded,
      why: expect.stringContaining('10'),
    });
  });

  it('reads IPv4-mapped IPv6 peers as IPv4 and leaves real IPv6 alone', () => {
    expect(normaliseAddress('::FFFF:127.0.0.1')).toBe('127.0.0.1');
    expect(normaliseAddress('::1')).toBe('::1');
  });
});
