import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calendarProblems, teleworkProblems } from './policy.checks';
import type { Problem } from './policy.checks';
import { compilePolicy } from './policy.compile';
import { CalendarFileSpec, TeleworkSpec } from './policy.schema';
import type { CompiledPolicy, OrgReference, PolicyError } from './policy.types';
import { sortErrors, toPolicyErrors } from './validation-errors';
import { DEFAULT_LIMITS, formatPath, locate, parseYamlSource, said } from './yaml-source';
import type { YamlLimits, YamlSource } from './yaml-source';

/** Loading policy files: YAML → validated classes → CompiledPolicy, or every error with its position. */

export interface PolicySource {
  file: string;
  content: string;
}

export interface PolicySetSources {
  telework: PolicySource;
  calendar: PolicySource;
}

export type LoadResult = { ok: true; policy: CompiledPolicy; hash: string } | { ok: false; errors: PolicyError[] };

export interface LoadOptions {
  limits?: YamlLimits;
  /** Changes the parsed telework.yaml before validation (policy test cases' `policyOverride`). */
  patchTelework?: (value: unknown) => unknown;
}

export const POLICY_FILE_NAMES = ['telework', 'calendar'] as const;
export type PolicyFileName = (typeof POLICY_FILE_NAMES)[number];

const VALIDATOR_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

type Checked<T> = { spec: T; source: YamlSource; errors: [] } | { spec?: undefined; errors: PolicyError[] };

function check<T extends object>(
  cls: new () => T,
  src: PolicySource,
  limits: YamlLimits,
  problems: (spec: T) => Problem[],
  patch?: (value: unknown) => unknown,
): Checked<T> {
  const parsed = parseYamlSource(src.file, src.content, limits);
  if (!parsed.ok) return { errors: parsed.errors };
  const source = parsed.source;
  const spec = plainToInstance(cls, patch ? patch(source.value) : source.value) as T;
  const invalid = validateSync(spec, VALIDATOR_OPTIONS);
  if (invalid.length > 0) return { errors: toPolicyErrors(source, invalid) };
  const found = problems(spec).map((p) => ({
    ...locate(source, p.path),
    path: formatPath(p.path),
    ...said(p.message),
  }));
  return found.length > 0 ? { errors: sortErrors(found) } : { spec, source, errors: [] };
}

/** Load telework.yaml + calendar.yaml as one policy; with orgRef, unknown org codes are errors. */
export function loadPolicySet(files: PolicySetSources, orgRef?: OrgReference, options: LoadOptions = {}): LoadResult {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const telework = check(
    TeleworkSpec,
    files.telework,
    limits,
    (s) => teleworkProblems(s, orgRef),
    options.patchTelework,
  );
  const calendar = check(CalendarFileSpec, files.calendar, limits, calendarProblems);
  if (!telework.spec || !calendar.spec) return { ok: false, errors: [...telework.errors, ...calendar.errors] };
  const source = telework.source;
  const policy = compilePolicy({
    telework: telework.spec,
    calendar: calendar.spec,
    contents: { telework: files.telework.content, calendar: files.calendar.content },
    ruleSource: (i) => locate(source, ['rules', i]),
  });
  return { ok: true, policy, hash: policy.hash };
}

/** Validate one file as the admin API receives it (`POST /api/v1/policies/validate {name, content}`). */
export function validatePolicyFile(
  name: string,
  content: string,
  orgRef?: OrgReference,
): { valid: boolean; errors: PolicyError[] } {
  const file = `${name}.yaml`;
  let errors: PolicyError[];
  if (name === 'telework')
    errors = check(TeleworkSpec, { file, content }, DEFAULT_LIMITS, (s) => teleworkProblems(s, orgRef)).errors;
  else if (name === 'calendar')
    errors = check(CalendarFileSpec, { file, content }, DEFAULT_LIMITS, calendarProblems).errors;
  else
    errors = [
      {
        file,
        line: 1,
        column: 1,
        path: '',
        ...said({
          ja: `規程ファイル "${name}" はありません。使えるのは ${POLICY_FILE_NAMES.join(', ')} です。`,
          en: `unknown policy file "${name}"; expected one of: ${POLICY_FILE_NAMES.join(', ')}`,
        }),
      },
    ];
  return { valid: errors.length === 0, errors };
}

/** Read `<dir>/telework.yaml` and `<dir>/calendar.yaml`; file names in errors are as given by dir. */
export function readPolicyDir(dir: string): PolicySetSources {
  const read = (name: PolicyFileName): PolicySource => {
    const file = join(dir, `${name}.yaml`);
    return { file, content: readFileSync(file, 'utf8') };
  };
  return { telework: read('telework'), calendar: read('calendar') };
}

export function loadPolicyDir(dir: string, orgRef?: OrgReference, options?: LoadOptions): LoadResult {
  return loadPolicySet(readPolicyDir(dir), orgRef, options);
}
