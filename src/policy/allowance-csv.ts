import type { AllowanceReport } from './allowance.service';

/**
 * The allowance report as a spreadsheet: a row a person (id, name, romaji, department, the days of each
 * month counted, the average, whether it is due, whether still on the staff), headed in both languages; UTF-8 with a byte order
 * mark, which Excel needs to read Japanese; fields quoted where they hold a comma, a quote or a line break.
 * Text from the staff register that a spreadsheet would take for a formula (=, +, -, @, a tab or a carriage
 * return first: "=HYPERLINK(…)" as a name) is kept as text, behind an apostrophe (OWASP's CSV injection advice).
 */
export function allowanceCsv(r: AllowanceReport): string {
  const head = [
    '職員ID / Staff ID',
    '氏名 / Name',
    'ローマ字 / Romaji',
    '所属 / Department',
    ...r.months,
    '月平均 / Average',
    '支給対象 / Due',
    '在職 / On the staff',
  ];
  const due = (d: boolean | null) => (d === null ? '' : d ? '対象 / due' : '対象外 / not due');
  const rows = r.items.map((x) => [
    text(x.staff.id),
    text(x.staff.name),
    text(x.staff.nameRomaji),
    text(`${x.department.nameJa} / ${x.department.nameEn}`),
    ...x.months.map((mo) => String(mo.days)),
    String(x.average),
    due(x.due),
    x.active ? '在職 / yes' : '退職 / left',
  ]);
  return '\uFEFF' + [head, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

/** Register text as a spreadsheet shows it: never as a formula. */
function text(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

function field(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
