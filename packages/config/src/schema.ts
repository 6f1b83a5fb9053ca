/**
 * The declarative shape of an Atrium .ini file: sections of typed keys with
 * defaults and a one-line description each. Loading, validation and the
 * first-run file are all driven from it.
 */

interface FieldBase {
  /** The key as administrators write it, e.g. `ClientPort`. */
  readonly key: string;
  /** One line: what the key means, with units. Written above the key. */
  readonly doc: string;
  /** Never echo the value in errors (passwords, shared secrets). */
  readonly secret?: boolean;
}

/** Free text. `required` rejects an empty value. */
export interface StringField extends FieldBase {
  readonly type: 'string';
  readonly default: string;
  readonly required?: boolean;
}

/** A whole number within `min`..`max` (inclusive). */
export interface IntField extends FieldBase {
  readonly type: 'int';
  readonly default: number;
  readonly min: number;
  readonly max: number;
}

/** A TCP port 1-65535. */
export interface PortField extends FieldBase {
  readonly type: 'port';
  readonly default: number;
}

/** `true` or `false`, in any case. */
export interface BoolField extends FieldBase {
  readonly type: 'bool';
  readonly default: boolean;
}

/** One of a fixed set of words or numbers; words match without case. */
export interface EnumField extends FieldBase {
  readonly type: 'enum';
  readonly values: readonly (string | number)[];
  readonly default: string | number;
}

/**
 * A file or folder. Relative paths resolve against the data directory; an
 * empty value means "not set" and stays empty unless `default` is non-empty,
 * in which case the default applies.
 */
export interface PathField extends FieldBase {
  readonly type: 'path';
  readonly default: string;
  readonly required?: boolean;
}

/** A DICOM AE title: 1-16 characters, no backslash or control character. */
export interface AeTitleField extends FieldBase {
  readonly type: 'aetitle';
  readonly default: string;
  /** Allows an empty value (meaning "use the local AE title"). */
  readonly optional?: boolean;
  readonly required?: boolean;
}

/** A host name or an IP address. */
export interface HostField extends FieldBase {
  readonly type: 'host';
  readonly default: string;
  readonly required?: boolean;
}

/** An IP address literal (IPv4 or IPv6), e.g. `0.0.0.0` or `::`. */
export interface IpField extends FieldBase {
  readonly type: 'ip';
  readonly default: string;
}

export type FieldSchema =
  | StringField
  | IntField
  | PortField
  | BoolField
  | EnumField
  | PathField
  | AeTitleField
  | HostField
  | IpField;

/** Numbered entries written `Key\N\Field` (N from 1), read as an array. */
export interface ListSchema {
  /** The list's key, e.g. `RemoteDicomNodes`. */
  readonly key: string;
  readonly doc: string;
  readonly fields: Readonly<Record<string, FieldSchema>>;
}

export interface SectionSchema {
  /** The section header, e.g. `General`. */
  readonly name: string;
  readonly fields: Readonly<Record<string, FieldSchema>>;
  readonly lists?: Readonly<Record<string, ListSchema>>;
}

export interface IniSchema {
  /** File name inside the data directory, e.g. `serverconfig.ini`. */
  readonly file: string;
  /** One line saying which process reads the file. */
  readonly doc: string;
  readonly sections: Readonly<Record<string, SectionSchema>>;
}

/** The TypeScript type a field's value has after loading. */
export type FieldValue<F> = F extends { type: 'int' | 'port' }
  ? number
  : F extends { type: 'bool' }
    ? boolean
    : F extends { type: 'enum'; values: readonly (infer V)[] }
      ? V
      : string;

type FieldValues<Fields> = {
  -readonly [K in keyof Fields]: FieldValue<Fields[K]>;
};

/** One list entry: its fields plus `index`, the N it was written with. */
export type ListEntryValues<L> = L extends { fields: infer F }
  ? FieldValues<F> & { index: number }
  : never;

type ListValues<S> = S extends { lists: infer L }
  ? { -readonly [K in keyof L]: ListEntryValues<L[K]>[] }
  : unknown;

export type SectionValues<S> = S extends { fields: infer F }
  ? FieldValues<F> & ListValues<S>
  : never;

/** The loaded values of a schema: one camelCase object per section. */
export type IniValues<Schema extends IniSchema> = {
  -readonly [K in keyof Schema['sections']]: SectionValues<
    Schema['sections'][K]
  >;
};

/**
 * Values a first-run file writes instead of the defaults, by key name
 * (`LocalPacsPort`) or by `Section.Key` when a name is in two sections.
 */
export type FirstRunValues = Readonly<
  Record<string, string | number | boolean>
>;
