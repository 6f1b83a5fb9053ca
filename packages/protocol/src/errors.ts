/**
 * The error shape every Atrium process sends across RPC, sockets and HTTP:
 * a stable code with a package prefix (CORE_, WEB_, MGR_, WRK_, DCM_, CFG_)
 * and a message. Receivers rebuild an AtriumError from it so `code` survives
 * the trip.
 */
export interface WireError {
  code: string;
  message: string;
  /**
   * Facts a client may act on (for example when and where another session
   * of the same user began). Never secrets.
   */
  details?: Record<string, unknown>;
}

/** What a package's error registry says about one code. */
export interface ErrorSpec {
  /** Message used when the thrower gives none. */
  message: string;
  /** HTTP status a web front end answers with. */
  status: number;
  /** Whether the message may be shown to an end user as it is. */
  expose: boolean;
}

export type ErrorRegistry<C extends string> = Readonly<Record<C, ErrorSpec>>;

/** Base class of every typed Atrium error. */
export class AtriumError extends Error {
  readonly code: string;
  readonly status: number;
  readonly expose: boolean;
  /** Facts sent along with the code; see WireError. */
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: string,
    message: string,
    spec?: Partial<ErrorSpec>,
    details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AtriumError';
    this.code = code;
    this.status = spec?.status ?? 500;
    this.expose = spec?.expose ?? false;
    this.details = details;
  }

  toWire(): WireError {
    const wire: WireError = { code: this.code, message: this.message };
    if (this.details) wire.details = this.details;
    return wire;
  }
}

/**
 * Returns a factory that throws-ready errors for one package's registry, so
 * every error of that package is built the same way.
 */
export function defineErrors<C extends string>(registry: ErrorRegistry<C>) {
  return function makeError(
    code: C,
    message?: string,
    details?: Record<string, unknown>,
  ): AtriumError {
    const spec = registry[code];
    return new AtriumError(code, message ?? spec.message, spec, details);
  };
}

/** Rebuilds an error received over the wire. */
export function errorFromWire(wire: WireError): AtriumError {
  const details =
    typeof wire.details === 'object' &&
    wire.details !== null &&
    !Array.isArray(wire.details)
      ? wire.details
      : undefined;
  return new AtriumError(wire.code, wire.message, undefined, details);
}
