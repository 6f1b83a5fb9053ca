import {
  formatDicomDate,
  formatPersonName,
  type ReportMeasurement,
  type ReportSeries,
  type StudyReport,
} from '@atrium/protocol';

/** Paths of the page's own script and style sheet. */
export const REPORT_SCRIPT_PATH = '/report/assets/report.js';
export const REPORT_STYLE_PATH = '/report/assets/report.css';

/**
 * The whole report page: the body of `renderReportBody` inside a document
 * that loads the live-update script. Every value from the study is
 * escaped; the page runs no inline script, so it works under a
 * Content-Security-Policy of `script-src 'self'`.
 */
export function renderReportPage(report: StudyReport): string {
  const { study } = report;
  const title = [
    formatPersonName(study.patientName),
    formatDicomDate(study.studyDate),
  ]
    .filter(Boolean)
    .join(' · ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Report · ${escapeHtml(title || study.studyUid)}</title>
<link rel="stylesheet" href="${REPORT_STYLE_PATH}">
<script type="module" src="${REPORT_SCRIPT_PATH}"></script>
</head>
<body data-study-uid="${escapeHtml(study.studyUid)}">
<header class="bar">
<span class="brand">Atrium report</span>
<span id="live-status" role="status" data-state="connecting">Connecting for live updates…</span>
<a class="viewer-link" href="/viewer/${encodeURIComponent(study.studyUid)}">Open in viewer</a>
</header>
<main id="report">
${renderReportBody(report)}
</main>
</body>
</html>
`;
}

/** The part of the page a live update replaces. */
export function renderReportBody(report: StudyReport): string {
  return [
    renderHeader(report),
    renderSeries(report.series),
    renderMeasurements(report),
    `<footer class="made">Report for ${escapeHtml(report.user)}, ` +
      `made ${timeElement(report.generatedAt)}</footer>`,
  ].join('\n');
}

/** A page for a refusal: the status and the reason, nothing else. */
export function renderErrorPage(status: number, message: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Report unavailable</title>
<link rel="stylesheet" href="${REPORT_STYLE_PATH}">
</head>
<body>
<main id="report" class="refusal">
<h1>Report unavailable (${status})</h1>
<p>${escapeHtml(message)}</p>
<p><a href="/studies">Back to the study list</a></p>
</main>
</body>
</html>
`;
}

function renderHeader({ study }: StudyReport): string {
  const facts: [string, string][] = [
    ['Patient ID', study.patientId],
    ['Birth date', formatDicomDate(study.patientBirthDate)],
    ['Sex', study.patientSex],
    [
      'Study date',
      [formatDicomDate(study.studyDate), dicomTime(study.studyTime)]
        .filter(Boolean)
        .join(' '),
    ],
    ['Accession', study.accessionNumber],
    ['Study ID', study.studyId],
    ['Description', study.studyDescription],
    ['Referring physician', formatPersonName(study.referringPhysician)],
    ['Institution', study.institutionName],
    ['Modalities', study.modalities.join(', ')],
    ['Series / images', `${study.seriesCount} / ${study.instanceCount}`],
  ];
  const rows = facts
    .filter(([, value]) => value !== '')
    .map(
      ([name, value]) =>
        `<div><dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd></div>`,
    )
    .join('\n');
  return `<section class="patient" aria-label="Patient and study">
<h1 id="patient-name">${escapeHtml(formatPersonName(study.patientName) || 'Unnamed patient')}</h1>
<dl>
${rows}
</dl>
</section>`;
}

function renderSeries(series: readonly ReportSeries[]): string {
  const rows = series
    .map(
      (s) => `<tr data-series-uid="${escapeHtml(s.seriesUid)}">
<td>${s.seriesNumber ?? ''}</td>
<td>${escapeHtml(s.modality)}</td>
<td>${escapeHtml(s.seriesDescription)}</td>
<td class="number">${s.instanceCount}</td>
<td>${s.cine ? `${s.cine.slices} slices × ${s.cine.phases} phases` : ''}</td>
</tr>`,
    )
    .join('\n');
  return `<section aria-labelledby="series-title">
<h2 id="series-title">Series (${series.length})</h2>
<table id="series">
<thead><tr><th>No.</th><th>Modality</th><th>Description</th><th>Images</th><th>Cine</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}

function renderMeasurements(report: StudyReport): string {
  const { measurements, measurementsSavedAt } = report;
  const when = measurementsSavedAt
    ? `<p class="saved">Saved ${timeElement(measurementsSavedAt)}</p>`
    : '';
  const body =
    measurements.length === 0
      ? `<p id="no-measurements">You have not saved measurements on this study.</p>`
      : `<table id="measurements">
<thead><tr><th>Label</th><th>Length</th><th>Series</th><th>Where</th></tr></thead>
<tbody>
${measurements.map(renderMeasurement).join('\n')}
</tbody>
</table>`;
  return `<section aria-labelledby="measurements-title">
<h2 id="measurements-title">Your measurements (${measurements.length})</h2>
${when}
${body}
</section>`;
}

function renderMeasurement(m: ReportMeasurement): string {
  return `<tr data-measurement-id="${escapeHtml(m.id)}">
<td>${escapeHtml(m.label || '—')}</td>
<td class="number">${escapeHtml(formatValue(m.value, m.unit))}</td>
<td>${escapeHtml(m.seriesLabel)}</td>
<td>${escapeHtml(m.position)}</td>
</tr>`;
}

/** A length as a reader expects it: mm to one decimal, pixels whole. */
export function formatValue(value: number, unit: string): string {
  return unit === 'mm'
    ? `${value.toFixed(1)} mm`
    : `${Math.round(value)} ${unit}`;
}

/** Escapes text for HTML content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** "142530.123" → "14:25"; anything else is shown as found. */
export function dicomTime(value: string): string {
  const match = /^(\d{2})(\d{2})/.exec(value.trim());
  return match ? `${match[1]}:${match[2]}` : value.trim();
}

function timeElement(iso: string): string {
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(iso.replace('T', ' ').slice(0, 19))} UTC</time>`;
}
