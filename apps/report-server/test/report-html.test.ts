import { describe, expect, it } from 'vitest';
import type { StudyReport } from '@atrium/protocol';
import {
  dicomTime,
  escapeHtml,
  formatValue,
  renderErrorPage,
  renderReportPage,
} from '../src/report-html.js';

function reportWith(overrides: Partial<StudyReport> = {}): StudyReport {
  return {
    study: {
      studyUid: '1.2.3',
      patientName: 'DOE^JANE^Q',
      patientId: 'P-1',
      patientBirthDate: '19700102',
      patientSex: 'F',
      studyId: 'S1',
      accessionNumber: 'ACC-9',
      studyDate: '20240131',
      studyDateNormalised: '20240131',
      studyTime: '142530',
      studyDescription: 'Cardiac MR',
      referringPhysician: 'HOUSE^GREGORY',
      institutionName: 'General',
      modalities: ['MR'],
      seriesCount: 1,
      instanceCount: 240,
      sizeBytes: 1,
      importDate: '2026-01-01T00:00:00.000Z',
      lastWrite: '2026-01-01T00:00:00.000Z',
      lastRead: null,
    },
    series: [
      {
        seriesUid: '1.2.3.1',
        seriesNumber: 5,
        modality: 'MR',
        seriesDescription: 'SA cine',
        instanceCount: 240,
        cine: { slices: 12, phases: 20 },
      },
    ],
    measurements: [],
    measurementsSavedAt: null,
    user: 'cardio',
    generatedAt: '2026-12-04T10:00:00.000Z',
    ...overrides,
  };
}

describe('the report page', () => {
  it('shows the patient and study header, and the series with their cine axes', () => {
    const page = renderReportPage(reportWith());
    expect(page).toContain('<title>Report · DOE, JANE Q · 2024-01-31</title>');
    expect(page).toContain('<h1 id="patient-name">DOE, JANE Q</h1>');
    expect(page).toContain('<dt>Study date</dt><dd>2024-01-31 14:25</dd>');
    expect(page).toContain(
      '<dt>Referring physician</dt><dd>HOUSE, GREGORY</dd>',
    );
    expect(page).toContain('12 slices × 20 phases');
    expect(page).toContain('You have not saved measurements on this study.');
    expect(page).toContain('href="/viewer/1.2.3"');
  });

  it('lists saved measurements with value, series and position', () => {
    const page = renderReportPage(
      reportWith({
        measurements: [
          {
            id: 'm1',
            kind: 'length',
            seriesUid: '1.2.3.1',
            sopInstanceUid: '1.2.3.1.7',
            frame: 1,
            points: [
              [0, 0],
              [3, 4],
            ],
            value: 37.25,
            unit: 'mm',
            label: 'LVEDD',
            seriesLabel: 'Series 5 · SA cine',
            position: 'Slice 3, phase 1',
          },
        ],
        measurementsSavedAt: '2026-12-04T09:59:00.000Z',
      }),
    );
    expect(page).toContain('Your measurements (1)');
    expect(page).toMatch(
      /<td>LVEDD<\/td>\s*<td class="number">37\.3 mm<\/td>\s*<td>Series 5 · SA cine<\/td>\s*<td>Slice 3, phase 1<\/td>/,
    );
    expect(page).toContain('Saved <time datetime="2026-12-04T09:59:00.000Z">');
  });

  it('escapes every value from the study, so a file cannot inject markup', () => {
    const page = renderReportPage(
      reportWith({
        study: {
          ...reportWith().study,
          patientName: '<script>alert(1)</script>',
          studyDescription: '" onmouseover="x',
          studyUid: '1.2"><img src=x>',
        },
      }),
    );
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img');
    expect(page).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(page).toContain('&#34; onmouseover=&#34;x');
  });

  it('runs no inline script', () => {
    const page = renderReportPage(reportWith());
    const scripts = page.match(/<script[^>]*>/g) ?? [];
    expect(scripts).toEqual([
      '<script type="module" src="/report/assets/report.js">',
    ]);
  });

  it('words a refusal with its status and an escaped reason', () => {
    const page = renderErrorPage(403, 'Not <yours>');
    expect(page).toContain('Report unavailable (403)');
    expect(page).toContain('Not &#60;yours&#62;');
  });
});

describe('the words of a report', () => {
  it('format times and values as readers expect, and escape markup', () => {
    expect(dicomTime('0705')).toBe('07:05');
    expect(formatValue(12.345, 'mm')).toBe('12.3 mm');
    expect(formatValue(12.6, 'px')).toBe('13 px');
    expect(escapeHtml(`&<>"'`)).toBe('&#38;&#60;&#62;&#34;&#39;');
  });

  it('flag an invalid date as the viewer and study list do', () => {
    const page = renderReportPage(
      reportWith({
        study: {
          ...reportWith().study,
          studyDate: '20120000',
          patientBirthDate: '00000000',
        },
      }),
    );
    expect(page).toContain('2012 (invalid date 20120000)');
    expect(page).toContain('<dt>Birth date</dt><dd>invalid date 00000000</dd>');
  });
});
