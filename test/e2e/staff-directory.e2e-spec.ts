import { searchKey } from '../../src/org/org.service';
import { as } from '../factories/inbox.factory';
import { openApiOf } from '../support/openapi';
import { startFreshApp, type TestApp } from '../support/test-app';

interface Entry {
  id: string;
  name: string;
  nameKana: string;
  nameRomaji: string;
  grade: string;
  department: { id: string; nameJa: string; nameEn: string };
  section: { id: string; nameJa: string; nameEn: string };
}

/** The staff directory: the forms that take a staff id find the person by what their user knows of them. */
describe('GET /api/v1/staff', () => {
  let t: TestApp;
  let conforms: Awaited<ReturnType<typeof openApiOf>>['conforms'];
  let staff: Entry[];
  const caller = 'S0001';

  beforeAll(async () => {
    t = await startFreshApp();
    ({ conforms } = await openApiOf(t));
    staff = (await search({ limit: '50' })).items;
  });
  afterAll(() => t.close());

  async function search(query: Record<string, string>): Promise<{ items: Entry[]; more: boolean }> {
    const res = await t.http
      .get('/api/v1/staff')
      .query(query)
      .set(await as(t, caller));
    expect(res.status).toBe(200);
    conforms('get', '/api/v1/staff', 200, res.body);
    return res.body as { items: Entry[]; more: boolean };
  }
  const ids = async (q: string) => (await search({ q })).items.map((e) => e.id);

  it('lists everyone by id without a query, 20 at a time by default, and says that more match', async () => {
    const first = await search({});
    expect(first.items).toHaveLength(20);
    expect(first.more).toBe(true); // the demo city hall has ~450 staff
    const sorted = first.items.map((e) => e.id);
    expect(sorted).toEqual([...sorted].sort());
    expect(staff.slice(0, 20).map((e) => e.id)).toEqual(sorted);
  });

  it('finds a person by id, any case, the exact id first', async () => {
    const someone = staff[12]!;
    const found = await ids(someone.id.toLowerCase());
    expect(found[0]).toBe(someone.id);
    // a prefix of ids: all of them start so
    const prefix = someone.id.slice(0, 4);
    const byPrefix = await search({ q: prefix, limit: '50' });
    expect(byPrefix.items.every((e) => e.id.startsWith(prefix))).toBe(true);
  });

  it('finds a person by kanji, hiragana, katakana (full or half width) and romaji, spaces and case aside', async () => {
    const someone = staff[7]!;
    const [family, given] = someone.nameKana.split(' ') as [string, string];
    const queries = [
      someone.name, // 山田 太郎
      someone.name.replace(/\s/g, ''), // 山田太郎
      someone.name.replace(/\s/g, '\u3000'), // 山田(U+3000)太郎
      `${family}${given}`, // やまだたろう
      katakana(`${family}\u3000${given}`), // ヤマダ(U+3000)タロウ
      halfWidth(katakana(family)), // ﾔﾏﾀﾞ
      someone.nameRomaji.toUpperCase(), // YAMADA TARO
      someone.nameRomaji.replace(/\s/g, '').toLowerCase(), // yamadataro
    ];
    expect(queries[5]).not.toBe(katakana(family));
    for (const q of queries) {
      const hits = (await search({ q, limit: '50' })).items;
      expect({ q, found: hits.map((e) => e.id) }).toEqual({ q, found: expect.arrayContaining([someone.id]) });
      expect(hits.filter((e) => !holds(e, q))).toEqual([]); // every answer holds what was asked for
    }
  });

  it('puts those whose name starts so before those who merely hold the text (Aoki before Naoki)', async () => {
    const [earlier, later] = [staff[4]!, staff[5]!]; // by id
    const family = later.nameRomaji.split(' ')[0]!.toLowerCase(); // e.g. aoki
    // the one with the lower id holds it inside a word only (e.g. Naoki)
    await t.db.query(`UPDATE staff SET name_romaji = $2 WHERE id = $1`, [earlier.id, `Ki${family} Hanako`]);
    try {
      const found = await ids(family);
      expect(found).toEqual(expect.arrayContaining([earlier.id, later.id]));
      expect(found.indexOf(later.id)).toBeLessThan(found.indexOf(earlier.id));
    } finally {
      await t.db.query(`UPDATE staff SET name_romaji = $2 WHERE id = $1`, [earlier.id, earlier.nameRomaji]);
    }
  });

  it('finds the people of a section by its name, in either language', async () => {
    const someone = staff[3]!;
    for (const q of [someone.section.nameJa, someone.section.nameEn.toLowerCase()]) {
      const hits = (await search({ q, limit: '50' })).items;
      expect(hits.map((e) => e.id)).toContain(someone.id);
      expect(hits.filter((e) => !holds(e, q))).toEqual([]);
    }
  });

  it('takes % _ \\ and | as themselves, not as wildcards or the seams between fields', async () => {
    for (const q of ['%', '_', 'S00_1', '\\', '|', `${staff[0]!.id}|`])
      expect({ q, answer: await search({ q }) }).toEqual({ q, answer: { items: [], more: false } });
  });

  it('reads what is stored as what is typed: full-width letters and half-width kana as usual', async () => {
    const someone = staff[30]!;
    const [row] = await t.db.query<{ kana: string }>(`SELECT name_kana AS kana FROM staff WHERE id = $1`, [someone.id]);
    const kana = row!.kana;
    // as an import from another system might have it: the romaji in full-width letters, the kana half-width
    const fullWidth = (s: string) => s.replace(/[A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    await t.db.query(`UPDATE staff SET name_romaji = $2, name_kana = $3 WHERE id = $1`, [
      someone.id,
      fullWidth(someone.nameRomaji),
      halfWidth(katakana(kana)),
    ]);
    try {
      expect(await ids(someone.nameRomaji.toLowerCase())).toContain(someone.id);
      expect(await ids(kana.replace(/\s/g, ''))).toContain(someone.id);
    } finally {
      await t.db.query(`UPDATE staff SET name_romaji = $2, name_kana = $3 WHERE id = $1`, [
        someone.id,
        someone.nameRomaji,
        kana,
      ]);
    }
  });

  it('leaves out staff who left', async () => {
    const leaver = staff[20]!;
    expect(await ids(leaver.id)).toContain(leaver.id);
    await t.db.query(`UPDATE staff SET active = false WHERE id = $1`, [leaver.id]);
    try {
      expect(await ids(leaver.id)).not.toContain(leaver.id);
    } finally {
      await t.db.query(`UPDATE staff SET active = true WHERE id = $1`, [leaver.id]);
    }
  });

  it('refuses a bad query with 400 naming the field, and anyone not logged in with 401', async () => {
    const h = await as(t, caller);
    for (const [query, field] of [
      [{ q: '' }, 'q'],
      [{ q: ' \u3000\t' }, 'q'], // blank: not "everyone" (that is no q at all)
      [{ q: 'x'.repeat(65) }, 'q'],
      [{ limit: '0' }, 'limit'],
      [{ limit: '51' }, 'limit'],
      [{ limit: '1e1' }, 'limit'],
      [{ other: 'x' }, 'other'],
    ] as const) {
      const res = await t.http.get('/api/v1/staff').query(query).set(h);
      expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect((res.body.details as { field: string }[]).map((f) => f.field)).toEqual([field]);
      conforms('get', '/api/v1/staff', 400, res.body);
    }
    const anonymous = await t.http.get('/api/v1/staff');
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'UNAUTHENTICATED']);
  });
});

const katakana = (s: string) => s.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));

/** Katakana as half-width katakana (ﾀﾞ for ダ), as some keyboards and old systems type them. */
function halfWidth(s: string): string {
  const full =
    'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンァィゥェォャュョッー';
  const half = 'ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝｧｨｩｪｫｬｭｮｯｰ';
  return [...s.normalize('NFD')]
    .map((c) => (c === '\u3099' ? 'ﾞ' : c === '\u309a' ? 'ﾟ' : full.includes(c) ? half[full.indexOf(c)]! : c))
    .join('');
}

/** Whether an entry holds `q` as the directory compares (searchKey), one field at a time. */
function holds(e: Entry, q: string): boolean {
  const fields = [e.id, e.name, e.nameKana, e.nameRomaji, e.department.nameJa, e.department.nameEn];
  return [...fields, e.section.nameJa, e.section.nameEn].some((f) => searchKey(f).includes(searchKey(q)));
}
