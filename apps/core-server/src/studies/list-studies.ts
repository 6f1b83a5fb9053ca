import type { Database } from 'better-sqlite3';
import { coreError } from '../errors.js';
import { normaliseDicomDate } from './dicom-date.js';
import { hasWildcard } from './dicom-wildcard.js';
import { registerStudyFunctions } from './sql-functions.js';
import { STUDY_COLUMNS, toStudySummary, type StudyRow } from './study-row.js';
import type {
  StudyList,
  StudyListLimits,
  StudyQuery,
  StudySortKey,
} from './study-types.js';

interface Filter {
  where: string[];
  params: Record<string, string | number>;
}

// Studies without a valid date sort after dated ones in either direction.
// Ties fall back to newest first, then to the row id so paging is stable.
const ORDER_COLUMNS: Record<StudySortKey, string> = {
  date: 's.study_date_sort IS NULL, s.study_date_sort {dir}, s.study_time {dir}',
  name: 'p.patient_name COLLATE NOCASE {dir}',
  id: 'p.patient_id COLLATE NOCASE {dir}',
  accession: 's.accession_number COLLATE NOCASE {dir}',
  modality: 's.modalities {dir}',
};

const TIE_BREAK =
  's.study_date_sort IS NULL, s.study_date_sort DESC, s.study_time DESC, s.id';

/**
 * Lists the studies matching a query, one page at a time. The page size is
 * capped by MaximumQueryResults; `total` counts every match and `truncated`
 * says whether more exist beyond this page. Newest studies come first
 * unless the query sorts otherwise.
 */
export function listStudies(
  db: Database,
  query: StudyQuery,
  limits: StudyListLimits,
): StudyList {
  registerStudyFunctions(db);
  const { offset, limit } = readPaging(query, limits);
  const filter = buildFilter(query);
  const where = filter.where.length
    ? `WHERE ${filter.where.join(' AND ')}`
    : '';
  const from = 'FROM studies s JOIN patients p ON p.id = s.patient_pk';

  const read = db.transaction(() => {
    const total = db
      .prepare(`SELECT COUNT(*) ${from} ${where}`)
      .pluck()
      .get(filter.params) as number;
    const rows = db
      .prepare(
        `SELECT ${STUDY_COLUMNS} ${from} ${where}
         ORDER BY ${buildOrder(query)}, ${TIE_BREAK}
         LIMIT @limit OFFSET @offset`,
      )
      .all({ ...filter.params, limit, offset }) as StudyRow[];
    return { total, rows };
  });
  const { total, rows } = read();

  return {
    studies: rows.map(toStudySummary),
    total,
    offset,
    limit,
    truncated: offset + rows.length < total,
  };
}

function readPaging(query: StudyQuery, limits: StudyListLimits) {
  const offset = query.offset ?? 0;
  const requested = query.limit ?? limits.maximumQueryResults;
  if (!Number.isInteger(offset) || offset < 0) {
    throw coreError(
      'CORE_QUERY_INVALID',
      `offset must be a whole number of 0 or more, not ${offset}`,
    );
  }
  if (!Number.isInteger(requested) || requested < 0) {
    throw coreError(
      'CORE_QUERY_INVALID',
      `limit must be a whole number of 0 or more, not ${requested}`,
    );
  }
  return { offset, limit: Math.min(requested, limits.maximumQueryResults) };
}

function buildFilter(query: StudyQuery): Filter {
  const filter: Filter = { where: [], params: {} };

  const name = query.patientName?.trim();
  if (name && name !== '*') {
    filter.where.push('atrium_match_pn(@name, p.patient_name)');
    filter.params.name = name;
  }
  addTextFilter(filter, 'p.patient_id', 'patientId', query.patientId);
  addTextFilter(
    filter,
    's.accession_number',
    'accession',
    query.accessionNumber,
  );
  addDateFilter(filter, '>=', 'dateFrom', query.studyDateFrom);
  addDateFilter(filter, '<=', 'dateTo', query.studyDateTo);
  addModalityFilter(filter, query.modality);
  return filter;
}

function addTextFilter(
  filter: Filter,
  column: string,
  param: string,
  value: string | undefined,
): void {
  const text = value?.trim();
  if (!text || text === '*') return;

  // A plain value compares through the NOCASE index; only a pattern needs
  // the wildcard function on every row.
  filter.where.push(
    hasWildcard(text)
      ? `atrium_match(@${param}, ${column})`
      : `${column} = @${param} COLLATE NOCASE`,
  );
  filter.params[param] = text;
}

function addDateFilter(
  filter: Filter,
  operator: '>=' | '<=',
  param: string,
  value: string | undefined,
): void {
  const text = value?.trim();
  if (!text) return;

  const date = normaliseDicomDate(text);
  if (!date) {
    throw coreError(
      'CORE_QUERY_INVALID',
      `The study date "${text}" is not a valid date (expected YYYYMMDD or YYYY-MM-DD)`,
    );
  }
  filter.where.push(`s.study_date_sort ${operator} @${param}`);
  filter.params[param] = date;
}

function addModalityFilter(
  filter: Filter,
  value: string | string[] | undefined,
): void {
  const list = (Array.isArray(value) ? value : value ? [value] : [])
    .flatMap((entry) => entry.split('\\'))
    .map((entry) => entry.trim().toUpperCase())
    .filter((entry) => entry !== '' && entry !== '*');
  if (list.length === 0) return;

  const names = list.map((modality, i) => {
    filter.params[`modality${i}`] = modality;
    return `@modality${i}`;
  });
  filter.where.push(
    `EXISTS (SELECT 1 FROM series se WHERE se.study_pk = s.id
             AND se.modality IN (${names.join(', ')}))`,
  );
}

function buildOrder(query: StudyQuery): string {
  const key = query.sortBy ?? 'date';
  const columns = Object.hasOwn(ORDER_COLUMNS, key)
    ? ORDER_COLUMNS[key]
    : undefined;
  if (!columns) {
    throw coreError(
      'CORE_QUERY_INVALID',
      `Studies cannot be sorted by "${String(key)}" (expected date, name, id, accession or modality)`,
    );
  }
  const defaultOrder = key === 'date' ? 'desc' : 'asc';
  const order = query.sortOrder ?? defaultOrder;
  if (order !== 'asc' && order !== 'desc') {
    throw coreError(
      'CORE_QUERY_INVALID',
      `sortOrder must be asc or desc, not "${String(order)}"`,
    );
  }
  return columns.replaceAll('{dir}', order.toUpperCase());
}
