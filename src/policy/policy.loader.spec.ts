import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../common/paths';
import { loadPolicySet, validatePolicyFile } from './policy.loader';
import { inEnglish } from '../../test/support/english-problems';
import { DEMO_ORG } from './testing/org.fixture';

/** Every malformed file gives a precise error: file, line, column, path, reason. */

const header = 'version: "1"\nname: { ja: テスト, en: test }\n';
const capRule = (params: string, extra = '') =>
  `  - id: weekly-cap\n    type: cap\n    effect: needs_exception\n${extra}    params: ${params}\n    message: { ja: "上限超過", en: "over the cap" }\n`;
const errorsOf = (content: string, name = 'telework', orgRef = DEMO_ORG) =>
  inEnglish(validatePolicyFile(name, content, orgRef).errors);
const shipped = (name: string) => readFileSync(join(projectRoot(), 'policies', `${name}.yaml`), 'utf8');

describe('policy loader', () => {
  it('accepts the shipped files against the demo organisation', () => {
    expect(errorsOf(shipped('telework'))).toEqual([]);
    expect(errorsOf(shipped('calendar'), 'calendar')).toEqual([]);
  });

  it('reports bad YAML where the parser stopped', () => {
    expect(errorsOf(`version: "1"\nname: { ja: a, en: b\nrules: []\n`)).toEqual([
      expect.objectContaining({
        file: 'telework.yaml',
        line: 3,
        column: 1,
        path: 'name',
        message: expect.stringContaining('Flow map'),
      }),
    ]);
  });

  it('reports the first syntax error alone: an unclosed bracket is one problem, not the parser’s cascade', () => {
    // (the parser reports ~190 problems for this one bracket)
    const broken = shipped('telework').replace(/^rules:$/m, 'rules: [');
    expect(broken).not.toBe(shipped('telework'));
    // the earliest place the parser could not go on: the first rule, a block inside the unclosed flow list
    const line = broken.split('\n').indexOf('rules: [') + 1;
    expect(errorsOf(broken)).toEqual([
      expect.objectContaining({ line: line + 2, message: 'Block collections are not allowed within flow collections' }),
    ]);
  });

  it('names a collection that became a map key by `?`, not by writing the collection out', () => {
    const broken = shipped('telework').replace(/^rules:/m, 'rules: 42');
    const errors = errorsOf(broken);
    // the list below `rules: 42` became a key: its place, not the list written out as a path; and only
    // that first syntax error, not the parser's cascade after it
    const list = broken.split('\n').findIndex((l) => l.startsWith('  - ')) + 1;
    expect(errors).toEqual([
      expect.objectContaining({ line: list, message: 'A block sequence may not be used as an implicit map key' }),
    ]);
    expect(errors[0]!.path.length).toBeLessThan(100);
  });

  it('says only that a value has the wrong type, not also what range a number would need', () => {
    const errors = errorsOf(shipped('telework').replace(/maxDays: 2$/m, 'maxDays: two'));
    expect(errors.map((e) => [e.path.split('.').at(-1), e.message])).toEqual([
      ['maxDays', 'maxDays must be a number conforming to the specified constraints'],
    ]);
  });

  it('points at a long unknown key itself, not at the map holding it', () => {
    const key = `k${'x'.repeat(69)}`;
    const content = shipped('telework').replace(/^(\s+)maxDays: 2$/m, `$1maxDays: 2\n$1${key}: 1`);
    const line = content.split('\n').findIndex((l) => l.trim().startsWith(key)) + 1;
    expect(errorsOf(content)).toEqual([
      expect.objectContaining({
        line,
        path: expect.stringContaining(key),
        message: expect.stringContaining('unknown key'),
      }),
    ]);
  });

  it('refuses a duplicate key', () => {
    expect(errorsOf(`version: "1"\nversion: "2"\n`)).toEqual([
      { file: 'telework.yaml', line: 2, column: 1, path: 'version', message: 'Map keys must be unique' },
    ]);
  });

  it('refuses an unknown key, pointing at the key and listing the known ones', () => {
    expect(errorsOf(`${header}rules:\n${capRule('{ period: iso_week, maxDays: 2, maxDay: 3 }')}`)).toEqual([
      {
        file: 'telework.yaml',
        line: 7,
        column: 45,
        path: 'rules[0].params.maxDay',
        message: 'unknown key "maxDay"; expected one of: period, windowDays, maxDays, weights',
      },
    ]);
  });

  it('refuses a value of the wrong type, pointing at the value', () => {
    expect(errorsOf(`${header}rules:\n${capRule('{ period: iso_week, maxDays: "two" }')}`)).toContainEqual({
      file: 'telework.yaml',
      line: 7,
      column: 42,
      path: 'rules[0].params.maxDays',
      message: 'maxDays must be a number conforming to the specified constraints',
    });
  });

  it('refuses an allowance without its label, with a month count out of range or an unknown place', () => {
    const allowance = 'allowance: { minDaysPerMonth: 10, months: 13, locations: [cafe] }\n';
    expect(errorsOf(`${header}${allowance}rules: []\n`).map((e) => `${e.line}:${e.path}`)).toEqual([
      '3:allowance.label',
      '3:allowance.months',
      '3:allowance.locations',
    ]);
  });

  it('refuses a rule naming a department the organisation does not have', () => {
    const errors = errorsOf(
      `${header}rules:\n${capRule('{ period: iso_week, maxDays: 2 }', '    scope: { departments: [PLAN, NOPE] }\n')}`,
    );
    expect(errors).toEqual([
      {
        file: 'telework.yaml',
        line: 7,
        column: 34,
        path: 'rules[0].scope.departments[1]',
        message: 'unknown department "NOPE": not in the organisation',
      },
    ]);
  });

  it('refuses a 5 MB file before parsing it', () => {
    const big = `${header}# ${'x'.repeat(5 * 1024 * 1024)}\n`;
    expect(errorsOf(big)).toEqual([
      { file: 'telework.yaml', line: 1, column: 1, path: '', message: 'file is 5.0 MiB; the limit is 1 MiB' },
    ]);
  });

  it('refuses a deeply nested flow document at the bracket that goes too deep', () => {
    const started = Date.now();
    const errors = errorsOf(`${header}rules: ${'['.repeat(400_000)}${']'.repeat(400_000)}\n`);
    expect(errors).toEqual([
      { file: 'telework.yaml', line: 3, column: 40, path: '', message: 'nesting is deeper than 32 levels' },
    ]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses a deeply nested block document with the path of the node', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}k:`).join('\n');
    const [error] = errorsOf(`${lines} 1\n`);
    expect(error).toEqual({
      file: 'telework.yaml',
      line: 33,
      column: 65,
      path: Array(32).fill('k').join('.'),
      message: 'nesting is deeper than 32 levels',
    });
  });

  it('refuses an alias bomb', () => {
    const bomb =
      'a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n';
    expect(errorsOf(bomb)).toEqual([
      expect.objectContaining({
        line: 2,
        column: 8,
        path: '',
        message: expect.stringContaining('too many aliases (limit 100)'),
      }),
    ]);
  });

  it('says an alias without its anchor is one, not that there are too many', () => {
    expect(errorsOf('<<: *x\n')).toEqual([
      expect.objectContaining({
        line: 1,
        message: 'Unresolved alias (the anchor must be set before the alias): x',
      }),
    ]);
  });

  it('refuses an alias inside the node it names (a value that contains itself), at that alias', () => {
    expect(errorsOf('a: &a [*a]\n')).toEqual([
      expect.objectContaining({ line: 1, column: 8, message: 'an alias refers to a node that contains it' }),
    ]);
    expect(errorsOf('x: &x 1\ny: *x\nm: &m\n  b: *m\n')).toEqual([
      expect.objectContaining({ line: 4, column: 6, message: 'an alias refers to a node that contains it' }),
    ]);
  });

  it('refuses aliases of aliases that would expand the file to millions of values', () => {
    const lines = ['l0: &l0 [[], []]'];
    for (let n = 1; n <= 24; n++) lines.push(`l${n}: &l${n} [*l${n - 1}, *l${n - 1}]`);
    expect(errorsOf(lines.join('\n') + '\n')).toEqual([
      expect.objectContaining({ message: 'the aliases expand the file to more than 100000 values' }),
    ]);
  });

  it('refuses text the database cannot store, where it is written', () => {
    expect(errorsOf('name: { ja: "a\\0b", en: x }\n')).toEqual([
      expect.objectContaining({
        line: 1,
        column: 13,
        path: 'name.ja',
        message: 'must not contain NUL (\\u0000) characters',
      }),
    ]);
  });

  it('refuses a duplicate rule id at the second one', () => {
    const errors = errorsOf(
      `${header}rules:\n${capRule('{ period: iso_week, maxDays: 2 }')}${capRule('{ period: month, maxDays: 8 }')}`,
    );
    expect(errors).toEqual([
      {
        file: 'telework.yaml',
        line: 9,
        column: 9,
        path: 'rules[1].id',
        message: 'duplicate rule id "weekly-cap" (first used by rules[0])',
      },
    ]);
  });

  it('reports only the type of a rule of unknown type', () => {
    const [error, ...rest] = errorsOf(
      `${header}rules:\n  - id: r\n    type: cap_weekly\n    effect: deny\n    params: { x: 1 }\n    message: { ja: a, en: b }\n`,
    );
    expect(rest).toEqual([]);
    expect(error).toMatchObject({
      line: 5,
      column: 11,
      path: 'rules[0].type',
      message: expect.stringContaining('type must be one of the following values: eligibility,'),
    });
  });

  it('refuses a message placeholder the rule type does not offer', () => {
    const rule = capRule('{ period: iso_week, maxDays: 2 }').replace('over the cap', 'over {limit}');
    expect(errorsOf(`${header}rules:\n${rule}`)).toEqual([
      expect.objectContaining({
        line: 8,
        path: 'rules[0].message.en',
        message: expect.stringContaining('unknown placeholder {limit}'),
      }),
    ]);
  });

  it('refuses an emergency block naming an unknown rule', () => {
    expect(
      errorsOf(
        `${header}emergency: { relax: [weekly-cap, nope] }\nrules:\n${capRule('{ period: iso_week, maxDays: 2 }')}`,
      ),
    ).toEqual([
      { file: 'telework.yaml', line: 3, column: 34, path: 'emergency.relax[1]', message: 'unknown rule id "nope"' },
    ]);
  });

  it('refuses an impossible date in calendar.yaml', () => {
    expect(errorsOf('closed:\n  - label: { ja: a, en: b }\n    from: "2026-02-30"\n', 'calendar')).toEqual([
      {
        file: 'calendar.yaml',
        line: 3,
        column: 11,
        path: 'closed[0].from',
        message: 'from must be a date YYYY-MM-DD, or MM-DD for a date that recurs every year',
      },
    ]);
  });

  it('refuses a second YAML document in the file', () => {
    expect(errorsOf(`${header}rules: []\n---\nmore: 1\n`)).toEqual([
      expect.objectContaining({ line: 4, message: expect.stringContaining('multiple documents') }),
    ]);
  });

  it('refuses params on a rule type that takes none', () => {
    const rule =
      '  - id: pool\n    type: device_pool\n    effect: deny\n    params: { capacity: 3 }\n    message: { ja: a, en: b }\n';
    expect(errorsOf(`${header}rules:\n${rule}`)).toEqual([
      expect.objectContaining({
        line: 7,
        column: 5,
        path: 'rules[0].params',
        message: expect.stringContaining('unknown key "params"'),
      }),
    ]);
  });

  it('refuses an effect that does not exist', () => {
    const errors = errorsOf(
      `${header}rules:\n${capRule('{ period: iso_week, maxDays: 2 }').replace('needs_exception', 'block')}`,
    );
    expect(errors).toEqual([
      {
        file: 'telework.yaml',
        line: 6,
        column: 13,
        path: 'rules[0].effect',
        message: 'effect must be one of the following values: deny, needs_exception, warn',
      },
    ]);
  });

  it('refuses an empty file, a list at the top and an unknown file name', () => {
    expect(errorsOf('')).toEqual([
      expect.objectContaining({ line: 1, column: 1, message: 'the file is empty: expected a mapping of keys' }),
    ]);
    expect(errorsOf('- a\n')[0]?.message).toBe('expected a mapping of keys at the top level');
    expect(validatePolicyFile('routing', 'a: 1')).toEqual({
      valid: false,
      errors: [
        {
          file: 'routing.yaml',
          line: 1,
          column: 1,
          path: '',
          message: 'unknown policy file "routing"; expected one of: telework, calendar',
          messageJa: '規程ファイル "routing" はありません。使えるのは telework, calendar です。',
        },
      ],
    });
  });

  it('says each problem in Japanese too, with the figures and names the English quotes', () => {
    const ja = (content: string) => validatePolicyFile('telework', content, DEMO_ORG).errors.map((e) => e.messageJa);
    // class-validator's checks, by kind of check, with their declared figures
    expect(ja(`${header}rules:\n${capRule('{ period: iso_week, maxDays: "two" }')}`)).toEqual([
      '値は数値にしてください。',
    ]);
    expect(ja(`${header}rules:\n${capRule('{ period: iso_week, maxDays: 400 }')}`)).toEqual([
      '値は 366 以下にしてください。',
    ]);
    expect(ja(`${header}rules:\n${capRule('{ period: iso_week, maxDays: 2, maxDay: 3 }')}`)).toEqual([
      '不明なキー "maxDay" です。使えるのは period, windowDays, maxDays, weights です。',
    ]);
    // a check across fields, and the YAML parser's mistakes in Japanese (its words are English)
    expect(ja(`${header}rules:\n${capRule('{ period: rolling, maxDays: 2 }')}`)).toEqual([
      'period が rolling のときは windowDays が必要です。',
    ]);
    expect(ja(`version: "1"\nversion: "2"\n`)).toEqual(['YAML の書き方の誤り: 同じキーが二度書かれています。']);
    expect(ja(`version: "1"\nname: { ja: a, en: b\n`)).toEqual([
      'YAML の書き方の誤り: [ ] や { } が閉じられていないか、その中の字下げが足りません。',
    ]);
    expect(ja(`version: "1"\nname: "abc\n`)).toEqual([
      'YAML の書き方の誤り: 閉じる記号（引用符、] や } など）が足りません。',
    ]);
    expect(ja(`version: "1"\nname: a: b\n`)).toEqual([
      'YAML の書き方の誤り: 一行に「キー: キー: 値」とは書けません。中のマップは改行して字下げしてください。',
    ]);
    expect(ja(`version: "1"\nrules:\n\t- id: a\n`)).toEqual([
      'YAML の書き方の誤り: インデントにタブ文字は使えません。スペースで字下げしてください。',
    ]);
    expect(ja(`version: "1"\nname: *nowhere\n`)).toEqual([
      'YAML の書き方の誤り: エイリアス（*名前）より前に、そのアンカー（&名前）がありません。',
    ]);
  });

  it('reports the errors of both files of a set, and hashes the contents', () => {
    const bad = loadPolicySet({
      telework: { file: 't.yaml', content: 'a: 1\n' },
      calendar: { file: 'c.yaml', content: 'b: 1\n' },
    });
    expect(bad.ok ? [] : bad.errors.map((e) => `${e.file}:${e.path}: ${e.message}`).sort()).toEqual([
      'c.yaml:b: unknown key "b"; expected one of: name, closed, open, emergencies',
      't.yaml:a: unknown key "a"; expected one of: version, name, confidentialityLevels, emergency, ' +
        'urgentGraceWorkingDays, allowance, rules',
      't.yaml:name: missing required key "name"',
      't.yaml:rules: missing required key "rules"',
      't.yaml:version: missing required key "version"',
    ]);
    const files = {
      telework: { file: 't', content: shipped('telework') },
      calendar: { file: 'c', content: shipped('calendar') },
    };
    const a = loadPolicySet(files);
    const b = loadPolicySet({ ...files, calendar: { file: 'c', content: `${shipped('calendar')}\n# changed\n` } });
    expect(a.ok && b.ok && a.hash !== b.hash && /^[0-9a-f]{64}$/.test(a.hash)).toBe(true);
  });
});
