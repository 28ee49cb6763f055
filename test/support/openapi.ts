import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { TestApp } from './test-app';

export interface OpenApi {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
  >;
  components: { schemas: Record<string, object> };
}

/**
 * Object schemas that list their properties and say nothing of others are closed here, so that
 * a field an answer carries but the document does not name fails the check too.
 */
function closed(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(closed);
  if (!s || typeof s !== 'object') return s;
  const o = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, closed(v)]));
  return o.properties && !('additionalProperties' in o) ? { ...o, additionalProperties: false } : o;
}

/**
 * OpenAPI 3.0 marks a nullable object property as `{ nullable: true, allOf: [{ $ref }] }`; ajv's
 * `nullable` admits null to `type` only, so the referenced schema would still refuse it.
 */
function nullableRefs(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(nullableRefs);
  if (!s || typeof s !== 'object') return s;
  const o = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, nullableRefs(v)]));
  return o.nullable === true && o.allOf ? { anyOf: [{ type: 'null' }, o] } : o;
}

/**
 * The app's OpenAPI document and a check of a real answer against it: `conforms(method, path,
 * status, body)` expects the documented schema of that answer to exist and to accept the body,
 * fields it does not name included.
 */
export async function openApiOf(t: TestApp): Promise<{
  doc: OpenApi;
  conforms: (method: string, path: string, status: number, body: unknown) => void;
}> {
  const doc = (await t.http.get('/api/docs-json').expect(200)).body as OpenApi;
  const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
  const conforms = (method: string, path: string, status: number, body: unknown) => {
    const schema = doc.paths[path]?.[method]?.responses[String(status)]?.content?.['application/json']?.schema;
    expect(schema).toBeDefined();
    const validate = ajv.compile(nullableRefs(closed({ ...schema, components: doc.components })) as object);
    const ok = validate(body);
    expect(ok ? [] : validate.errors).toEqual([]);
  };
  return { doc, conforms };
}
