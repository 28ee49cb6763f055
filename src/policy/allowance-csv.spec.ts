import { allowanceCsv } from './allowance-csv';
import type { AllowanceReport } from './allowance.service';

const report = (name: string, romaji = 'Yamada Taro'): AllowanceReport => ({
  month: '2026-12',
  months: ['2026-11', '2026-12'],
  rule: null,
  policyVersion: 'v1',
  policyLabel: '2026.11',
  items: [
    {
      staff: { id: 'S0001', name, nameRomaji: romaji },
      department: { id: 'D01', nameJa: '総務部', nameEn: 'General Affairs' },
      months: [
        { month: '2026-11', days: 3 },
        { month: '2026-12', days: 4.5 },
      ],
      average: 3.75,
      due: null,
      active: true,
    },
  ],
});

const row = (csv: string): string => csv.split('\r\n')[1]!;

describe('allowanceCsv', () => {
  it('writes a row a person, with a byte order mark and bilingual heads', () => {
    const csv = allowanceCsv(report('山田 太郎'));
    expect(
      csv.startsWith('\uFEFF職員ID / Staff ID,氏名 / Name,ローマ字 / Romaji,所属 / Department,2026-11,2026-12,'),
    ).toBe(true);
    expect(row(csv)).toBe('S0001,山田 太郎,Yamada Taro,総務部 / General Affairs,3,4.5,3.75,,在職 / yes');
  });

  it('quotes a field holding a comma, a quote or a line break', () => {
    expect(row(allowanceCsv(report('Yamada, "Taro"')))).toContain(',"Yamada, ""Taro""",');
  });

  it.each([
    ['=HYPERLINK("http://x.example","click")', `'=HYPERLINK(""http://x.example"",""click"")`],
    ['+81 3', "'+81 3"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tname', "'\tname"],
  ])('keeps register text a spreadsheet would take for a formula as text: %j', (name, shown) => {
    const cells = row(allowanceCsv(report(name, name)));
    const quoted = /[",]/.test(shown) ? `"${shown}"` : shown;
    expect(cells).toBe(`S0001,${quoted},${quoted},総務部 / General Affairs,3,4.5,3.75,,在職 / yes`);
  });

  it('leaves the counted figures as numbers', () => {
    expect(row(allowanceCsv(report('山田 太郎')))).toMatch(/,3,4\.5,3\.75,/);
  });
});
