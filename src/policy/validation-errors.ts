import { getMetadataStorage } from 'class-validator';
import type { ValidationError } from 'class-validator';
import type { PathSegment, PolicyError } from './policy.types';
import type { Message } from '../common/domain-error';
import { japanese } from '../common/field-problems';
import { formatPath, locate, said } from './yaml-source';
import type { YamlSource } from './yaml-source';

/** class-validator errors → PolicyErrors that name the file, line, column and path. */
export function toPolicyErrors(
  source: YamlSource,
  errors: readonly ValidationError[],
  base: PathSegment[] = [],
): PolicyError[] {
  const out: PolicyError[] = [];
  const walk = (e: ValidationError, parentPath: PathSegment[], parentValue: unknown): void => {
    const path = [...parentPath, Array.isArray(parentValue) ? Number(e.property) : e.property];
    // YAML has no undefined: the key is missing, which one message says better than several.
    if (e.value === undefined && e.constraints) {
      out.push({
        ...locate(source, path),
        path: formatPath(path),
        ...said({ ja: `必須のキー "${e.property}" がありません。`, en: `missing required key "${e.property}"` }),
      });
      return;
    }
    for (const [name, message] of typeFirst(e.constraints ?? {})) {
      const unknownKey = name === 'whitelistValidation';
      out.push({
        ...locate(source, path, unknownKey),
        path: formatPath(path),
        ...said(unknownKey ? unknownKeyMessage(e) : { ja: japanese(e, name), en: message }),
      });
    }
    for (const child of e.children ?? []) walk(child, path, e.value);
  };
  for (const e of errors) walk(e, base, undefined);
  return sortErrors(out);
}

/** Checks of a value's type: when one fails, the value's range or length means nothing yet. */
const TYPE_CHECKS = new Set([
  'isNumber',
  'isInt',
  'isString',
  'isBoolean',
  'isArray',
  'isObject',
  'isDateString',
  'isIn',
  'isEnum',
]);

/**
 * A value of the wrong type answers only that (`maxDays: two` is "must be a number", not also
 * "must not be greater than 366" and "must not be less than 0"); other failures all stand.
 */
function typeFirst(constraints: Record<string, string>): [string, string][] {
  const all = Object.entries(constraints);
  // a check of each item of a list says nothing of the list itself, nor of the other items
  const types = all.filter(([name, message]) => TYPE_CHECKS.has(name) && !message.startsWith('each value'));
  return types.length ? types : all;
}

/** 'unknown key "maxDay"; expected one of: period, windowDays, maxDays, weights' */
function unknownKeyMessage(e: ValidationError): Message {
  const target = e.target as object | undefined;
  const known = target
    ? [
        ...new Set(
          getMetadataStorage()
            .getTargetValidationMetadatas(target.constructor, '', true, false)
            .map((m) => m.propertyName),
        ),
      ]
    : [];
  return known.length > 0
    ? {
        ja: `不明なキー "${e.property}" です。使えるのは ${known.join(', ')} です。`,
        en: `unknown key "${e.property}"; expected one of: ${known.join(', ')}`,
      }
    : { ja: `不明なキー "${e.property}" です。`, en: `unknown key "${e.property}"` };
}

export function sortErrors(errors: PolicyError[]): PolicyError[] {
  return errors.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

/** `file:line:col path: message`, the format of `policy check` and of admin-facing logs. */
export function formatPolicyError(e: PolicyError): string {
  return `${e.file}:${e.line}:${e.column} ${e.path || '(file)'}: ${e.message}`;
}
