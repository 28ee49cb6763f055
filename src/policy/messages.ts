import { GRADE_LABELS } from '../org/org.entities';
import type { CompiledLabel, Label } from './policy.types';

/** Message templates: `{placeholder}` is filled from the rule's fact values, in each language. */

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/;

/** Split a template at its placeholders: odd indexes hold the fact keys. */
export function compileTemplate(text: string): string[] {
  return text.split(PLACEHOLDER);
}

export function compileLabel(label: Label): CompiledLabel {
  return { ja: compileTemplate(label.ja), en: compileTemplate(label.en) };
}

/** The placeholder names a template uses. */
export function placeholdersOf(text: string): string[] {
  return compileTemplate(text).filter((_, i) => i % 2 === 1);
}

export function renderLabel(t: CompiledLabel, facts: Record<string, unknown>): Label {
  return { ja: render(t.ja, facts, 'ja'), en: render(t.en, facts, 'en') };
}

function render(parts: readonly string[], facts: Record<string, unknown>, lang: keyof Label): string {
  if (parts.length === 1) return parts[0] ?? '';
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] ?? '';
    out += i % 2 === 0 ? p : formatValue(facts[p], lang);
  }
  return out;
}

/** Words for the enumerated values facts carry, so messages read naturally. */
const VALUE_LABELS: Record<string, Label> = {
  home: { ja: '自宅', en: 'home' },
  satellite: { ja: 'サテライトオフィス', en: 'a satellite office' },
  other: { ja: '自宅以外の場所', en: 'a place other than home' },
  office: { ja: '庁舎', en: 'the office' },
  full: { ja: '終日', en: 'full day' },
  am: { ja: '午前', en: 'morning' },
  pm: { ja: '午後', en: 'afternoon' },
  hours: { ja: '時間単位', en: 'hourly' },
  internet: { ja: 'インターネット接続系', en: 'internet tier' },
  lgwan: { ja: 'LGWAN接続系', en: 'LGWAN tier' },
  mynumber: { ja: 'マイナンバー利用事務系', en: 'My Number tier' },
  regular: { ja: '正規職員', en: 'regular staff' },
  fixed_term: { ja: '会計年度任用職員', en: 'fixed-term staff' },
  loaned: { ja: '貸与端末', en: 'loaned device' },
  private: { ja: '私物端末', en: 'private device' },
  section: { ja: '課', en: 'section' },
  department: { ja: '部', en: 'department' },
  iso_week: { ja: '週', en: 'week' },
  month: { ja: '月', en: 'month' },
  rolling: { ja: '期間', en: 'window' },
};
for (const [grade, label] of Object.entries(GRADE_LABELS)) VALUE_LABELS[grade] = label;

export function formatValue(v: unknown, lang: keyof Label): string {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'string') return VALUE_LABELS[v]?.[lang] ?? v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100);
  if (typeof v === 'boolean') return lang === 'ja' ? (v ? 'あり' : 'なし') : v ? 'yes' : 'no';
  if (Array.isArray(v)) {
    if (v.length === 0) return lang === 'ja' ? 'なし' : 'none';
    return v.map((x) => formatValue(x, lang)).join(lang === 'ja' ? '、' : ', ');
  }
  if (typeof v === 'object' && lang in v) return String((v as Record<string, unknown>)[lang]);
  return JSON.stringify(v);
}
