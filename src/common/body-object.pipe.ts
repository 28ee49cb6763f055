import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { fieldProblems, invalidFields } from './field-problems';

/**
 * Refuses a body that is not a JSON object where the API reads one (a DTO): a list, or a bare
 * value, would be validated key by key as if it were one ("property 0 should not exist"), in
 * messages no one wrote for it. No body at all passes: a call that needs none.
 */
@Injectable()
export class BodyObjectPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' || !isDto(metadata.metatype) || value === undefined) return value;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw notAnObject();
    return value;
  }
}

/** The refusal of a body that is no JSON object: a list here, a bare value (`1`, `null`) at the parser. */
export const notAnObject = () => invalidFields(fieldProblems('(body)', NOT_AN_OBJECT));

const NOT_AN_OBJECT = {
  ja: 'リクエスト本文は JSON オブジェクト（{ … }）にしてください。',
  en: 'The request body must be a JSON object ({ … }).',
  problem: 'the body must be a JSON object',
};

/** A class a body is validated as (a DTO), not a built-in type. */
function isDto(t: ArgumentMetadata['metatype']): boolean {
  return typeof t === 'function' && ![Object, Array, String, Number, Boolean].includes(t as never);
}
