import { describe, expect, it } from 'vitest';
import { TransferSyntax } from '@atrium/dicom';
import {
  Association,
  PresentationContextResult,
  type DimseAssociation,
} from '../src/dicom-net/dimse.js';
import { negotiateContexts } from '../src/dicom-net/presentation-contexts.js';
import { SopClass } from '../src/dicom-net/sop-classes.js';

const MR = '1.2.840.10008.5.1.4.1.1.4';

function propose() {
  const association = new Association('SCANNER', 'ATRIUM');
  const add = (sopClass: string, syntaxes: string[], asProvider = false) => {
    const id = association.addPresentationContext(sopClass);
    for (const syntax of syntaxes) {
      association.addTransferSyntaxToPresentationContext(id, syntax);
    }
    if (asProvider)
      association.getPresentationContext(id).setProviderRole(true);
    return id;
  };
  const ids = {
    echo: add(SopClass.Verification, [TransferSyntax.ImplicitVRLittleEndian]),
    mr: add(MR, [
      TransferSyntax.JPEGLSLossless,
      TransferSyntax.ExplicitVRLittleEndian,
    ]),
    mrForGet: add(MR, [TransferSyntax.ExplicitVRLittleEndian], true),
    odd: add(MR, ['1.2.3.4.5.6']),
    find: add(SopClass.StudyRootFind, [
      TransferSyntax.ImplicitVRLittleEndian,
      TransferSyntax.ExplicitVRLittleEndian,
    ]),
    get: add(SopClass.StudyRootGet, [TransferSyntax.ExplicitVRLittleEndian]),
    other: add('1.2.840.10008.5.1.4.31', [
      TransferSyntax.ExplicitVRLittleEndian,
    ]),
  };
  return { association, ids };
}

function outcome(association: DimseAssociation, id: number) {
  const context = association.getPresentationContext(id);
  return {
    result: context.getResult(),
    syntaxes: context.getTransferSyntaxUids(),
  };
}

describe('presentation context negotiation', () => {
  it('accepts each context with exactly one syntax: the first the peer offers', () => {
    const { association, ids } = propose();
    negotiateContexts(association, { store: true, query: true, get: true });

    expect(outcome(association, ids.mr)).toEqual({
      result: PresentationContextResult.Accept,
      syntaxes: [TransferSyntax.JPEGLSLossless],
    });
    expect(outcome(association, ids.find)).toEqual({
      result: PresentationContextResult.Accept,
      syntaxes: [TransferSyntax.ImplicitVRLittleEndian],
    });
    expect(outcome(association, ids.odd).result).toBe(
      PresentationContextResult.RejectTransferSyntaxesNotSupported,
    );
    expect(outcome(association, ids.other).result).toBe(
      PresentationContextResult.RejectAbstractSyntaxNotSupported,
    );
  });

  it('offers only the services that are switched on', () => {
    const { association, ids } = propose();
    const accepted = negotiateContexts(association, {
      store: false,
      query: true,
      get: false,
    });

    const rejected = PresentationContextResult.RejectAbstractSyntaxNotSupported;
    expect(outcome(association, ids.echo).result).toBe(
      PresentationContextResult.Accept,
    );
    expect(outcome(association, ids.mr).result).toBe(rejected);
    expect(outcome(association, ids.mrForGet).result).toBe(rejected);
    expect(outcome(association, ids.get).result).toBe(rejected);
    expect(accepted).toBe(2);
  });

  it('takes storage contexts a C-GET caller proposes as SCP when C-GET is on', () => {
    const { association, ids } = propose();
    negotiateContexts(association, { store: false, query: false, get: true });
    expect(outcome(association, ids.mrForGet).result).toBe(
      PresentationContextResult.Accept,
    );
    expect(outcome(association, ids.mr).result).toBe(
      PresentationContextResult.RejectAbstractSyntaxNotSupported,
    );
  });
});
