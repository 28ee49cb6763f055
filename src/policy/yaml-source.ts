import {
  CST,
  Lexer,
  LineCounter,
  type ErrorCode,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  visit,
} from 'yaml';
import type { Message } from '../common/domain-error';
import { textProblems } from '../common/storable-text';
import type { Document, Node } from 'yaml';
import type { PathSegment, PolicyError } from './policy.types';

/** Reading an admin-edited YAML file defensively: size, depth and alias limits, and positions for errors. */

export interface YamlLimits {
  maxBytes: number;
  maxDepth: number;
  maxAliasCount: number;
}

export const DEFAULT_LIMITS: YamlLimits = { maxBytes: 1024 * 1024, maxDepth: 32, maxAliasCount: 100 };

export interface YamlSource {
  file: string;
  doc: Document.Parsed;
  lines: LineCounter;
  value: unknown;
}

export type YamlResult = { ok: true; source: YamlSource } | { ok: false; errors: PolicyError[] };

export function parseYamlSource(file: string, content: string, limits: YamlLimits = DEFAULT_LIMITS): YamlResult {
  const early = precheck(file, content, limits);
  if (early) return { ok: false, errors: [early] };
  const lines = new LineCounter();
  const doc = parseDocument(content, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true });
  const source: YamlSource = { file, doc, lines, value: undefined };
  // the first syntax error only: the parser's later ones mostly follow from it (one unclosed bracket made
  // hundreds, at paths it could only guess)
  const problems = [...doc.errors, ...doc.warnings].sort((a, b) => a.pos[0] - b.pos[0]).slice(0, 1);
  if (problems.length > 0) {
    const errors = problems.map((e) => ({
      ...position(source, e.pos[0]),
      path: formatPath(pathAt(doc, e.pos[0])),
      // the YAML parser's own words (English); in Japanese, what its code names (the admin page is Japanese)
      ...said({
        ja: `YAML の書き方の誤り: ${yamlJa(e.code, e.message)}`,
        en: yamlMessage(e.message),
      }),
    }));
    return { ok: false, errors };
  }
  const shape = shapeError(source, limits);
  if (shape) return { ok: false, errors: [shape] };
  const aliased = aliasError(source);
  if (aliased) return { ok: false, errors: [aliased] };
  try {
    source.value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (e) {
    // the parser refuses an alias used too often, or one whose anchor is not set before it
    const words = (e as Error).message;
    const message = said(
      words.startsWith('Excessive alias count')
        ? {
            ja: `エイリアスが多すぎます（上限 ${limits.maxAliasCount}）: ${words}`,
            en: `too many aliases (limit ${limits.maxAliasCount}): ${words}`,
          }
        : {
            ja: `YAML の書き方の誤り: ${words.startsWith('Unresolved alias') ? 'エイリアス（*名前）より前に、そのアンカー（&名前）がありません。' : yamlMessage(words)}`,
            en: yamlMessage(words),
          },
    );
    return { ok: false, errors: [{ ...atFirstAlias(source), ...message }] };
  }
  const text = unstorableText(source);
  if (text) return { ok: false, errors: [text] };
  return { ok: true, source };
}

/** Most values a file may expand to once its aliases are followed (the file itself is at most 1 MiB). */
const MAX_EXPANDED_VALUES = 100_000;

/**
 * An alias inside the node its anchor names (`a: &x [*x]`: the value would contain itself), or
 * aliases that expand the file beyond MAX_EXPANDED_VALUES (reusing an alias of an alias doubles
 * it each time: 24 lines would make millions). Both would hang the reading of the file. Linear:
 * each node's expanded size is counted once.
 */
function aliasError(source: YamlSource): PolicyError | null {
  const { doc } = source;
  let cyclic: Node | null = null;
  visit(doc, {
    Alias(_, alias, path) {
      const target = alias.resolve(doc);
      if (target && path.includes(target as never)) {
        cyclic = alias;
        return visit.BREAK;
      }
    },
  });
  if (cyclic)
    return {
      ...nodeError(source, cyclic, []),
      path: '',
      ...said({
        ja: 'エイリアスが、それ自身を含むノードを指しています。',
        en: 'an alias refers to a node that contains it',
      }),
    };
  const sizes = new Map<unknown, number>();
  const size = (node: unknown): number => {
    if (isAlias(node)) return size(node.resolve(doc));
    if (!isMap(node) && !isSeq(node)) return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    let n = 1;
    for (const item of node.items as unknown[]) {
      n += isPair(item) ? size(item.key) + size(item.value) : size(item);
      if (n > MAX_EXPANDED_VALUES) break;
    }
    sizes.set(node, n);
    return n;
  };
  if (size(doc.contents) <= MAX_EXPANDED_VALUES) return null;
  return {
    ...atFirstAlias(source),
    ...said({
      ja: `エイリアスを展開すると値が ${MAX_EXPANDED_VALUES} 個を超えます。`,
      en: `the aliases expand the file to more than ${MAX_EXPANDED_VALUES} values`,
    }),
  };
}

/**
 * Text the database cannot store as written (a NUL, an unpaired surrogate), in a key or a value:
 * a rule's message goes into every verdict it is part of, and a verdict is stored (jsonb).
 */
function unstorableText(source: YamlSource): PolicyError | null {
  let found: PolicyError | null = null;
  visit(source.doc, {
    Scalar(_, node) {
      if (typeof node.value !== 'string') return;
      const problem = textProblems(node.value)[0];
      if (!problem) return;
      found = { ...nodeError(source, node, pathAt(source.doc, node.range?.[0] ?? 0)), ...said(problem) };
      return visit.BREAK;
    },
  });
  return found;
}

/** Refusals that must come before parsing: size, and flow nesting the parser would spend seconds on. */
function precheck(file: string, content: string, limits: YamlLimits): PolicyError | null {
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > limits.maxBytes) {
    const message = said({
      ja: `ファイルが ${mib(bytes)} MiB あります。上限は ${mib(limits.maxBytes)} MiB です。`,
      en: `file is ${mib(bytes)} MiB; the limit is ${mib(limits.maxBytes)} MiB`,
    });
    return { file, line: 1, column: 1, path: '', ...message };
  }
  const tooDeep = flowDepthOffset(content, limits.maxDepth);
  if (tooDeep === null) return null;
  const lineStart = content.lastIndexOf('\n', tooDeep - 1) + 1;
  const line = content.slice(0, lineStart).split('\n').length;
  return {
    file,
    line,
    column: tooDeep - lineStart + 1,
    path: '',
    ...tooDeepMessage(limits),
  };
}

/** An empty file, a top level that is not a mapping, or block nesting beyond the limit. */
function shapeError(source: YamlSource, limits: YamlLimits): PolicyError | null {
  const root = source.doc.contents;
  if (root === null) {
    return {
      file: source.file,
      line: 1,
      column: 1,
      path: '',
      ...said({
        ja: 'ファイルが空です。キーと値の組（マッピング）を書いてください。',
        en: 'the file is empty: expected a mapping of keys',
      }),
    };
  }
  if (!isMap(root))
    return {
      ...nodeError(source, root, []),
      ...said({
        ja: '最上位はキーと値の組（マッピング）にしてください。',
        en: 'expected a mapping of keys at the top level',
      }),
    };
  const deep = deepNode(root, limits.maxDepth);
  if (!deep) return null;
  return { ...nodeError(source, deep.node, deep.path), ...tooDeepMessage(limits) };
}

const tooDeepMessage = (limits: YamlLimits) =>
  said({
    ja: `入れ子が ${limits.maxDepth} 段より深くなっています。`,
    en: `nesting is deeper than ${limits.maxDepth} levels`,
  });

/** A problem's words as a PolicyError holds them: English in `message`, Japanese in `messageJa`. */
export function said(m: Message): Pick<PolicyError, 'message' | 'messageJa'> {
  return { message: m.en, messageJa: m.ja };
}

const mib = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1);

/**
 * The YAML parser's error codes in Japanese: its messages are English only, and an admin reading
 * the Japanese policy page should not have to translate "Map keys must be unique" to fix a file.
 */
const YAML_CODE_JA: Partial<Record<ErrorCode, string>> = {
  ALIAS_PROPS: 'エイリアス（*名前）にはアンカーやタグを付けられません。',
  BAD_ALIAS: 'エイリアス（*名前）が正しくありません。',
  BAD_DIRECTIVE: '% で始まるディレクティブが正しくありません。',
  BAD_DQ_ESCAPE: 'ダブルクォート（"）の文字列の中の \\ の使い方が正しくありません。',
  BAD_INDENT: 'インデント（字下げ）が揃っていません。',
  BAD_PROP_ORDER: 'アンカー（&）とタグ（!）の順序が正しくありません。',
  BAD_SCALAR_START: 'この記号で値を始めることはできません。値を引用符（"）で囲んでください。',
  BLOCK_AS_IMPLICIT_KEY: '一行に「キー: キー: 値」とは書けません。中のマップは改行して字下げしてください。',
  BLOCK_IN_FLOW: '[ ] や { } の中に、改行と字下げで書く形の値は書けません。',
  DUPLICATE_KEY: '同じキーが二度書かれています。',
  IMPOSSIBLE: 'YAML として読み取れません。',
  KEY_OVER_1024_CHARS: 'キーが長すぎます（1024 文字まで）。',
  MISSING_CHAR: '閉じる記号（引用符、] や } など）が足りません。',
  MULTILINE_IMPLICIT_KEY: 'キーが複数行にわたっています。前の行の「:」や引用符の閉じ忘れを確かめてください。',
  MULTIPLE_ANCHORS: '一つの値にアンカー（&）が二つあります。',
  MULTIPLE_DOCS: 'ファイルに YAML 文書が二つ以上あります（--- で区切れるのは一つまで）。',
  MULTIPLE_TAGS: '一つの値にタグ（!）が二つあります。',
  NON_STRING_KEY: 'キーは文字列にしてください。',
  RESOURCE_EXHAUSTION: 'エイリアスの展開が大きすぎます。',
  TAB_AS_INDENT: 'インデントにタブ文字は使えません。スペースで字下げしてください。',
  TAG_RESOLVE_FAILED: 'タグ（! で始まる型の指定）を解決できません。',
  UNEXPECTED_TOKEN: 'ここに置けない記号があります。',
  BAD_COLLECTION_TYPE: 'タグの指定と値の形（リスト・マップ）が合いません。',
};

/** The Japanese of a parser error: by its code, or its English words where the code has none. */
function yamlJa(code: ErrorCode, message: string): string {
  // an unclosed [ or { shows as too little indentation where the parser gave up
  if (code === 'BAD_INDENT' && /^Flow (map|sequence)/.test(message))
    return '[ ] や { } が閉じられていないか、その中の字下げが足りません。';
  return YAML_CODE_JA[code] ?? yamlMessage(message);
}

function yamlMessage(message: string): string {
  return message.replace(/ at line \d+, column \d+:[\s\S]*$/, '').trim();
}

/** Offset of the first flow collection ([ or {) opened deeper than maxDepth, found by the lexer
 * before parsing: the parser itself would spend seconds on a megabyte of brackets. */
function flowDepthOffset(content: string, maxDepth: number): number | null {
  let offset = 0;
  let depth = 0;
  for (const token of new Lexer().lex(content)) {
    const type = CST.tokenType(token);
    if (type === 'flow-map-start' || type === 'flow-seq-start') {
      if (++depth > maxDepth) return offset;
    } else if (type === 'flow-map-end' || type === 'flow-seq-end') depth--;
    // The lexer's control tokens (document start, scalar, flow-end markers) take no source text.
    if (token !== CST.DOCUMENT && token !== CST.SCALAR && token !== CST.FLOW_END) offset += token.length;
  }
  return null;
}

/** The first node (breadth-first) nested deeper than maxDepth, with its path. */
function deepNode(root: Node, maxDepth: number): { node: Node; path: PathSegment[] } | null {
  const queue: { node: unknown; depth: number; path: PathSegment[] }[] = [{ node: root, depth: 1, path: [] }];
  for (let i = 0; i < queue.length; i++) {
    const { node, depth, path } = queue[i] as (typeof queue)[number];
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth > maxDepth) return { node, path };
    node.items.forEach((item: unknown, index: number) => {
      if (isPair(item)) queue.push({ node: item.value, depth: depth + 1, path: [...path, keyOf(item.key)] });
      else queue.push({ node: item, depth: depth + 1, path: [...path, index] });
    });
  }
  return null;
}

/** Where an error about aliases points: the file's first alias (else its start). */
function atFirstAlias(source: YamlSource): Omit<PolicyError, 'message' | 'messageJa'> {
  const alias = firstAlias(source.doc);
  return alias ? nodeError(source, alias, []) : { file: source.file, line: 1, column: 1, path: '' };
}

function firstAlias(doc: Document.Parsed): Node | null {
  let found: Node | null = null;
  visit(doc, {
    Alias(_, node) {
      found = node;
      return visit.BREAK;
    },
  });
  return found;
}

/**
 * A map key as a path segment: a scalar's value; a collection used as a key (a YAML mistake,
 * such as `rules: 42` above an indented list) as `?`, YAML's own mark for a complex key, not
 * the whole collection written out.
 */
const keyOf = (key: unknown): string => (isScalar(key) ? String(key.value) : '?');

/** The path of the innermost node holding an offset: for YAML errors (duplicate keys…). */
function pathAt(doc: Document.Parsed, offset: number): PathSegment[] {
  const path: PathSegment[] = [];
  let node: unknown = doc.contents;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((p) => within(p.key, offset) || within(p.value, offset));
      if (!pair) return path;
      path.push(keyOf(pair.key));
      if (within(pair.key, offset)) return path;
      node = pair.value;
    } else if (isSeq(node)) {
      const index = node.items.findIndex((n) => within(n, offset));
      if (index < 0) return path;
      path.push(index);
      node = node.items[index];
    } else return path;
  }
}

function within(node: unknown, offset: number): boolean {
  const range = (node as Node | null)?.range;
  return !!range && offset >= range[0] && offset <= range[1];
}

function position(
  source: { file: string; lines: LineCounter },
  offset: number,
): { file: string; line: number; column: number } {
  const at = source.lines.linePos(offset);
  return { file: source.file, line: at.line, column: at.col };
}

function nodeError(source: YamlSource, node: Node, path: PathSegment[]): Omit<PolicyError, 'message' | 'messageJa'> {
  return { ...position(source, node.range?.[0] ?? 0), path: formatPath(path) };
}

/** ['rules', 3, 'params', 'maxDays'] → 'rules[3].params.maxDays' */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}

/**
 * Position of a path in the document. With `key`, an existing map key points at the key itself
 * (unknown keys); a path that does not exist points at its nearest existing ancestor.
 */
export function locate(
  source: YamlSource,
  path: readonly PathSegment[],
  key = false,
): { file: string; line: number; column: number } {
  let node: unknown = source.doc.contents;
  let at = (node as Node | null)?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (isMap(node)) {
      const pair = node.items.find((p) => keyOf(p.key) === String(seg));
      if (!pair) break;
      const last = i === path.length - 1;
      const keyStart = (pair.key as Node | null)?.range?.[0];
      const valueStart = (pair.value as Node | null)?.range?.[0];
      at = (last && key) || valueStart === undefined ? (keyStart ?? at) : valueStart;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      at = item.range?.[0] ?? at;
      node = item;
    } else break;
  }
  return position(source, at);
}
