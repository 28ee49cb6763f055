import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { fieldProblems, invalidFields, unknownField, type FieldProblems } from './field-problems';
import { textProblems } from './storable-text';

/**
 * Refuses text PostgreSQL cannot store as it was sent, in any body, query or path value:
 * NUL characters (refused by text and jsonb) and unpaired surrogates (refused by jsonb,
 * silently replaced in text). Without this they surfaced as 500s, or changed on the way in.
 * Runs before validation; answers 400 VALIDATION_FAILED naming each field. A value nested
 * deeper than MAX_DEPTH is refused too, rather than let through unread: no request of this
 * API nests a tenth as deep. So is a key named like a property every object has (`constructor`,
 * `toString`, `__proto__` …): class-validator's check for unknown fields takes those for known
 * ones, and `{"filter": {"toString": "S0100"}}` passed as an empty filter.
 */
@Injectable()
export class StorableTextPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const problems: FieldProblems[] = [];
    collect(value, metadata.type === 'body' ? '' : (metadata.data ?? ''), problems, 0);
    if (problems.length) throw invalidFields(...problems.slice(0, 100));
    return value;
  }
}

/** How deep a body, query or path value may nest objects and arrays. */
export const MAX_DEPTH = 64;

function collect(value: unknown, path: string, out: FieldProblems[], depth: number): void {
  if (typeof value === 'string') {
    const problems = textProblems(value);
    if (problems.length) out.push(fieldProblems(path || '(body)', ...problems));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth >= MAX_DEPTH) {
    out.push(
      fieldProblems(path || '(body)', {
        ja: `入れ子は ${MAX_DEPTH} 段までです。`,
        en: `must not be nested more than ${MAX_DEPTH} levels deep`,
      }),
    );
    return;
  }
  const at = (k: string) => (path ? `${path}.${k}` : k);
  if (Array.isArray(value)) value.forEach((v, i) => collect(v, at(String(i)), out, depth + 1));
  else
    for (const [k, v] of Object.entries(value)) {
      if (k in Object.prototype) {
        out.push(unknownField(at(k), k));
        continue;
      }
      collect(k, at(k), out, depth + 1); // a key is stored too (jsonb)
      collect(v, at(k), out, depth + 1);
    }
}
