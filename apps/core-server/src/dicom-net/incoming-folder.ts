import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import {
  mkdir,
  open,
  readdir,
  rename,
  rm,
  type FileHandle,
} from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { PRIVATE_FILE_MODE } from '../private-files.js';
import { buildFileMeta, type FileMetaFacts } from './part10.js';

/** Folder of objects being received; never scanned by the importer. */
const RECEIVING = '.receiving';
/** Names the SCP gives received objects: time, then a random UUID. */
const RECEIVED_NAME = /^\d+-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\.dcm$/;

/**
 * Whether a file name is one the SCP gave a received object. Such a file
 * is only ever renamed into the incoming folder once complete.
 */
export function isReceivedName(name: string): boolean {
  return RECEIVED_NAME.test(name);
}

/** Bytes gathered before one write to disk. */
const WRITE_CHUNK = 1024 * 1024;

/**
 * The incoming folder (`<data>/incoming/`): every object received over
 * DICOM is streamed into `.receiving/` as a Part-10 file, flushed to disk
 * (fsync), then renamed into the folder itself, whose entry is flushed too.
 * Only then may its C-STORE be acknowledged, so an acknowledged object
 * survives a crash of the server at any moment after.
 */
export class IncomingFolder {
  readonly dir: string;
  readonly #receiving: string;

  constructor(dir: string) {
    this.dir = dir;
    this.#receiving = join(dir, RECEIVING);
  }

  /**
   * Makes the folders and removes objects a previous run was receiving
   * when it stopped: none of them was acknowledged, so the sender still
   * holds them. Returns how many were removed.
   */
  async prepare(): Promise<number> {
    await mkdir(this.#receiving, { recursive: true });
    const leftovers = await readdir(this.#receiving);
    for (const name of leftovers) {
      await rm(join(this.#receiving, name), { force: true, recursive: true });
    }
    return leftovers.length;
  }

  /** A stream that writes one object's data set after its file meta. */
  createFileStream(facts: FileMetaFacts): IncomingFileStream {
    const name = `${Date.now()}-${randomUUID()}`;
    return new IncomingFileStream(
      join(this.#receiving, `${name}.part`),
      join(this.dir, `${name}.dcm`),
      buildFileMeta(facts),
    );
  }

  /**
   * Moves a finished stream's file into the incoming folder and flushes the
   * folder entry. Resolves with the file's path once it is safe on disk.
   */
  async commit(stream: IncomingFileStream): Promise<string> {
    await stream.finished;
    await rename(stream.partialPath, stream.finalPath);
    await syncFolder(this.dir);
    return stream.finalPath;
  }

  /** Removes what a failed stream left behind. */
  async discard(stream: IncomingFileStream): Promise<void> {
    stream.destroy();
    await stream.finished.catch(() => undefined);
    await rm(stream.partialPath, { force: true });
  }
}

/**
 * A file being received. Writes are gathered into large chunks; ending the
 * stream flushes the file to disk before `finished` resolves.
 */
export class IncomingFileStream extends Writable {
  readonly partialPath: string;
  readonly finalPath: string;
  /** Resolves when the file is complete and flushed; rejects on failure. */
  readonly finished: Promise<void>;
  /** Bytes of the data set written so far. */
  bytes = 0;
  #handle: FileHandle | undefined;
  #pending: Buffer[];
  #pendingBytes: number;

  constructor(partialPath: string, finalPath: string, header: Buffer) {
    super({ highWaterMark: WRITE_CHUNK });
    this.partialPath = partialPath;
    this.finalPath = finalPath;
    this.#pending = [header];
    this.#pendingBytes = header.length;
    this.finished = new Promise((resolve, reject) => {
      this.once('finish', resolve);
      this.once('error', reject);
      this.once('close', () => reject(new Error('stream closed early')));
    });
    // The library sometimes ends a stream nobody waits for (a peer that
    // aborts); an unhandled rejection would stop the server.
    this.finished.catch(() => undefined);
  }

  override _construct(callback: (error?: Error | null) => void): void {
    // Patient data: for the server's own user only (see private-files.ts).
    open(
      this.partialPath,
      constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY,
      PRIVATE_FILE_MODE,
    )
      .then((handle) => {
        this.#handle = handle;
        callback();
      })
      .catch(callback);
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    this.bytes += chunk.length;
    if (this.#pendingBytes < WRITE_CHUNK) {
      callback();
      return;
    }
    this.#flush().then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.#flush()
      .then(() => this.#handle!.sync())
      .then(() => this.#handle!.close())
      .then(() => {
        this.#handle = undefined;
        callback();
      }, callback);
  }

  override _destroy(
    error: Error | null,
    callback: (error?: Error | null) => void,
  ): void {
    const handle = this.#handle;
    this.#handle = undefined;
    if (!handle) {
      callback(error);
      return;
    }
    handle.close().then(
      () => callback(error),
      () => callback(error),
    );
  }

  async #flush(): Promise<void> {
    if (this.#pendingBytes === 0) return;
    const chunks = this.#pending;
    const expected = this.#pendingBytes;
    this.#pending = [];
    this.#pendingBytes = 0;
    const { bytesWritten } = await this.#handle!.writev(chunks);
    // A short write means the disk is full; the object must not be acked.
    if (bytesWritten !== expected) {
      throw new Error(`wrote ${bytesWritten} of ${expected} bytes`);
    }
  }
}

/** Flushes a folder's entries (a rename is durable only after this). */
async function syncFolder(dir: string): Promise<void> {
  const handle = await open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
