import type { RemoteDicomNode } from '@atrium/config';
import type { RetrieveMethod } from '@atrium/protocol';
import type { DicomNetwork } from './dicom-network.js';
import {
  getStudyOnNode,
  moveStudyOnNode,
  type RetrieveCounts,
  type RetrieveOutcome,
} from './scu-operations.js';

/** A retrieve's progress: objects the node reported sent, of how many. */
export interface RetrieveProgress {
  received: number;
  expected: number | null;
}

/** What a finished retrieve did. */
export interface StudyRetrieval {
  method: RetrieveMethod;
  outcome: RetrieveOutcome;
  expected: number | null;
  received: number;
  /** Instances of the study in the image database afterwards. */
  instances: number;
}

interface InFlight {
  promise: Promise<StudyRetrieval>;
  listeners: Set<(progress: RetrieveProgress) => void>;
  last: RetrieveProgress;
}

/**
 * Retrieves whole studies from remote nodes, by C-MOVE to Atrium's own
 * DICOM port or by C-GET when the node says CGet, and resolves once what
 * arrived is in the image database. Two callers asking for the same study
 * at once share one retrieve and both hear its progress.
 */
export class StudyRetriever {
  readonly #network: DicomNetwork;
  readonly #inFlight = new Map<string, InFlight>();

  constructor(network: DicomNetwork) {
    this.#network = network;
  }

  /**
   * Retrieves `studyUid` from `node`. `expected` is the number of objects
   * a C-FIND reported, when known. Rejects with the DicomNetError of a node
   * that cannot be reached; a node that answers with a failure resolves,
   * and the outcome says so.
   */
  retrieve(
    node: RemoteDicomNode,
    studyUid: string,
    expected: number | null,
    onProgress: (progress: RetrieveProgress) => void,
  ): Promise<StudyRetrieval> {
    const key = `${node.index}|${studyUid}`;
    let flight = this.#inFlight.get(key);
    if (!flight) {
      const created: InFlight = {
        promise: Promise.resolve() as unknown as Promise<StudyRetrieval>,
        listeners: new Set(),
        last: { received: 0, expected },
      };
      created.promise = this.#run(node, studyUid, expected, (progress) => {
        created.last = progress;
        for (const listener of created.listeners) listener(progress);
      }).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, created);
      flight = created;
    }

    flight.listeners.add(onProgress);
    onProgress(flight.last);
    return flight.promise.finally(() => flight.listeners.delete(onProgress));
  }

  async #run(
    node: RemoteDicomNode,
    studyUid: string,
    expected: number | null,
    report: (progress: RetrieveProgress) => void,
  ): Promise<StudyRetrieval> {
    const network = this.#network;
    const { log } = network.ctx;
    const target = network.targetOf(node);
    const method: RetrieveMethod = node.cGet ? 'C-GET' : 'C-MOVE';

    // Arrivals from the node count too: some nodes send no pending answers
    // during a C-MOVE, only the final one.
    let arrived = 0;
    let reported = 0;
    let total = expected;
    const update = () =>
      report({ received: Math.max(arrived, reported), expected: total });
    const onStored = (stored: { callingAeTitle: string }) => {
      if (stored.callingAeTitle !== node.aeTitle) return;
      arrived += 1;
      update();
    };
    const onCounts = (counts: RetrieveCounts) => {
      reported = counts.completed + counts.warnings;
      total ??=
        counts.remaining + counts.completed + counts.failed + counts.warnings;
      update();
    };

    network.on('stored', onStored);
    let outcome: RetrieveOutcome;
    try {
      outcome =
        method === 'C-GET'
          ? await getStudyOnNode(
              target,
              log,
              studyUid,
              network.receiver(),
              onCounts,
            )
          : await moveStudyOnNode(
              target,
              log,
              studyUid,
              network.localAeTitle,
              onCounts,
            );
    } finally {
      network.off('stored', onStored);
    }

    onCounts(outcome);
    // Everything the node sent is in the incoming folder by now (each
    // object is answered only once it is on disk); index it before saying
    // the study is here.
    await network.importer.request();
    return {
      method,
      outcome,
      expected: total,
      received: Math.max(arrived, outcome.completed + outcome.warnings),
      instances: countInstances(network, studyUid),
    };
  }
}

function countInstances(network: DicomNetwork, studyUid: string): number {
  const row = network.ctx.db
    .prepare('SELECT instance_count FROM studies WHERE study_uid = ?')
    .pluck()
    .get(studyUid) as number | undefined;
  return row ?? 0;
}
