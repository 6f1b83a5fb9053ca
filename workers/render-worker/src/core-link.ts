import { EventEmitter } from 'node:events';
import { CoreClient } from '@atrium/core-client';
import type { Logger } from '@atrium/log';
import {
  AtriumError,
  type CoreServerAddress,
  type ListMeasurementsResult,
  type ListStudiesParams,
  type ListStudiesResult,
  type LoadStudyParams,
  type Measurement,
  type PixelFrame,
  type RetrieveProgressEvent,
  type SaveMeasurementsResult,
  type StudyDetail,
} from '@atrium/protocol';
import { workerError } from './errors.js';

/**
 * How long LoadStudy may take: a study the Core Server must first retrieve
 * from a PACS can take minutes; other calls keep the client's minute.
 */
const LOAD_STUDY_TIMEOUT_MS = 30 * 60_000;

/** Renew the token once this share of its lifetime has passed. */
const RENEW_AT = 0.6;

/** Errors that mean the user's session is over, not that a call failed. */
const SESSION_OVER = new Set([
  'CORE_SESSION_ENDED',
  'CORE_TOKEN_EXPIRED',
  'CORE_TOKEN_INVALID',
  'CORE_NOT_AUTHENTICATED',
]);

/**
 * The worker's own connection to the Core Server, attached to the user's
 * session with the user's token, so every request is checked against that
 * user's roles. Renews the token before it expires, connects again when
 * the link drops, emits `token-renewed` (token) after each renewal,
 * `retrieve-progress` while the Core Server retrieves a study for it, and
 * `session-ended` (reason) once the Core Server says the session is over.
 */
export class CoreLink extends EventEmitter<{
  'session-ended': [string];
  'token-renewed': [string];
  'retrieve-progress': [RetrieveProgressEvent];
}> {
  readonly #address: CoreServerAddress;
  readonly #log: Logger;
  #token: string;
  #client: Promise<CoreClient> | null = null;
  #renewTimer: NodeJS.Timeout | undefined;
  #ended = false;

  constructor(address: CoreServerAddress, token: string, log: Logger) {
    super();
    this.#address = address;
    this.#token = token;
    this.#log = log;
  }

  /** Connects and attaches the token now (rather than on first use). */
  async connect(): Promise<void> {
    await this.#connected();
  }

  /** A fresher token from the service, used for the next (re)attach. */
  offerToken(token: string): void {
    this.#token = token;
  }

  loadStudy(study: LoadStudyParams): Promise<StudyDetail> {
    return this.#call((client) =>
      client.loadStudy(study, LOAD_STUDY_TIMEOUT_MS),
    );
  }

  listStudies(params: ListStudiesParams): Promise<ListStudiesResult> {
    return this.#call((client) => client.listStudies(params));
  }

  listMeasurements(studyUid: string): Promise<ListMeasurementsResult> {
    return this.#call((client) => client.listMeasurements(studyUid));
  }

  /** Checked by the Core Server against the user's SaveWorkspace. */
  saveMeasurements(
    studyUid: string,
    measurements: Measurement[],
  ): Promise<SaveMeasurementsResult> {
    return this.#call((client) =>
      client.saveMeasurements(studyUid, measurements),
    );
  }

  getFrame(sopInstanceUid: string, frameIndex: number): Promise<PixelFrame> {
    return this.#call((client) => client.getFrame(sopInstanceUid, frameIndex));
  }

  async close(): Promise<void> {
    this.#ended = true;
    clearTimeout(this.#renewTimer);
    const client = await this.#client?.catch(() => null);
    await client?.close();
  }

  async #call<T>(work: (client: CoreClient) => Promise<T>): Promise<T> {
    const client = await this.#connected();
    try {
      return await work(client);
    } catch (error) {
      if (error instanceof AtriumError && SESSION_OVER.has(error.code)) {
        this.#endSession(
          error.code === 'CORE_SESSION_ENDED' ? 'ended' : 'expired',
        );
      }
      throw error;
    }
  }

  #connected(): Promise<CoreClient> {
    if (this.#ended) {
      return Promise.reject(workerError('WRK_CORE_UNAVAILABLE'));
    }
    this.#client ??= this.#open().catch((error: unknown) => {
      this.#client = null;
      throw error;
    });
    return this.#client;
  }

  async #open(): Promise<CoreClient> {
    const { host, port } = this.#address;
    const h = host.includes(':') ? `[${host}]` : host;
    const client = await CoreClient.connect(`ws://${h}:${port}`, {
      timeoutMs: 60_000,
    });
    client.on('SessionEnded', ({ reason }) => this.#endSession(reason));
    client.on('RetrieveProgress', (event) =>
      this.emit('retrieve-progress', event),
    );
    client.on('close', () => {
      if (this.#client && !this.#ended) this.#client = null;
    });

    try {
      const attached = await client.attachToken(this.#token);
      this.#scheduleRenewal(client, attached.expiresAt);
    } catch (error) {
      await client.close();
      if (error instanceof AtriumError && SESSION_OVER.has(error.code)) {
        this.#endSession('expired');
      }
      throw error;
    }
    return client;
  }

  #scheduleRenewal(client: CoreClient, expiresAt: string): void {
    clearTimeout(this.#renewTimer);
    const left = Date.parse(expiresAt) - Date.now();
    if (!(left > 0)) return;

    this.#renewTimer = setTimeout(() => {
      client.renewToken().then(
        (renewed) => {
          this.#token = renewed.token;
          this.#scheduleRenewal(client, renewed.expiresAt);
          this.emit('token-renewed', renewed.token);
        },
        (error: unknown) =>
          this.#log.warn('Token renewal failed', {
            error: (error as Error).message,
          }),
      );
    }, left * RENEW_AT);
    this.#renewTimer.unref();
  }

  #endSession(reason: string): void {
    if (this.#ended) return;
    this.#ended = true;
    clearTimeout(this.#renewTimer);
    this.emit('session-ended', reason);
  }
}
