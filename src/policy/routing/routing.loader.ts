import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OrgReference, PolicyError } from '../policy.types';
import { sortErrors, toPolicyErrors } from '../validation-errors';
import { DEFAULT_LIMITS, formatPath, locate, parseYamlSource, said } from '../yaml-source';
import type { YamlLimits } from '../yaml-source';
import { routingProblems } from './routing.checks';
import { compileRouting } from './routing.compile';
import { RoutingSpec } from './routing.schema';
import type { CompiledRouting } from './routing.types';

/** Loading routing.yaml: YAML → validated classes → CompiledRouting, or every error with its position. */

export interface RoutingSource {
  file: string;
  content: string;
}

export type RoutingLoadResult =
  { ok: true; routing: CompiledRouting; hash: string } | { ok: false; errors: PolicyError[] };

const VALIDATOR_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

/** With orgRef, section codes (personnelSection, section_head:…, section:…) must exist; staff ids are
 * not checked here: they change more often than the file, and resolution reports a missing one. */
export function loadRouting(
  file: RoutingSource,
  orgRef?: OrgReference,
  limits: YamlLimits = DEFAULT_LIMITS,
): RoutingLoadResult {
  const parsed = parseYamlSource(file.file, file.content, limits);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const source = parsed.source;
  const spec = plainToInstance(RoutingSpec, source.value);
  const invalid = validateSync(spec, VALIDATOR_OPTIONS);
  if (invalid.length > 0) return { ok: false, errors: toPolicyErrors(source, invalid) };
  const problems = routingProblems(spec, orgRef).map((p) => ({
    ...locate(source, p.path, p.key),
    path: formatPath(p.path),
    ...said(p.message),
  }));
  if (problems.length > 0) return { ok: false, errors: sortErrors(problems) };
  const routing = compileRouting({ spec, content: file.content, sourceOf: (path) => locate(source, path) });
  return { ok: true, routing, hash: routing.hash };
}

/** Validate routing.yaml as the admin API receives it (`POST /api/v1/policies/validate`). */
export function validateRoutingFile(content: string, orgRef?: OrgReference): { valid: boolean; errors: PolicyError[] } {
  const result = loadRouting({ file: 'routing.yaml', content }, orgRef);
  return result.ok ? { valid: true, errors: [] } : { valid: false, errors: result.errors };
}

/** Read `<dir>/routing.yaml`; the file name in errors is as given by dir. */
export function readRoutingSource(dir: string): RoutingSource {
  const file = join(dir, 'routing.yaml');
  return { file, content: readFileSync(file, 'utf8') };
}
