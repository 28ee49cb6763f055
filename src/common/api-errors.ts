import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { ERROR_CODES, type KnownErrorCode } from './domain-error';

/** A user-facing message, in both languages Teleflow's users read. */
export class MessageDto {
  @ApiProperty({ example: 'この案件は既に処理済みです。' })
  ja!: string;

  @ApiProperty({ example: 'This item has already been decided.' })
  en!: string;
}

/** What every error answers (DomainErrorFilter). */
export class ErrorDto {
  @ApiProperty({ description: 'Machine-readable code', example: 'VALIDATION_FAILED' })
  code!: string;

  @ApiProperty({ type: MessageDto })
  message!: MessageDto;

  @ApiPropertyOptional({
    oneOf: [{ type: 'object' }, { type: 'array', items: {} }],
    description:
      'What the code is about: for VALIDATION_FAILED `[{ field, problems, messages }]` (problems in English, ' +
      'for scripts; messages the same problems as `{ ja, en }`, for people), for BULK_LIMIT `{ max, given }`, for POLICY_LIMIT_REACHED `{ reasons, policyVersion }`, ' +
      'for POLICY_DENIED `{ verdict }`, for VERSION_CONFLICT `{ expected, actual }`, for INVALID_TRANSITION ' +
      '`{ state, event }` (a decision refused by the task itself: `{ kind, action }` or `{ reason }`), for ' +
      'REQUEST_NOT_FOUND `{ id }`, for DELEGATION_RANK_TAKEN and DELEGATION_DUPLICATE `{ deputyId, rank, id }` ' +
      '(the delegation in the way), for ABSENCE_DUPLICATE `{ id }`, for DELEGATION_SELF in a reroute ' +
      '`{ toStaffId }`, for POLICY_INVALID and POLICY_UNAVAILABLE the problems of the files ' +
      '`[{ file, line, column, path, message, messageJa }]`',
  })
  details?: unknown;
}

/** What any authenticated operation that takes a JSON body may answer besides its own errors. */
export const SENDS_BODY = [
  'VALIDATION_FAILED',
  'MALFORMED_JSON',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNAUTHENTICATED',
  'PAYLOAD_TOO_LARGE',
  'INTERNAL',
] as const satisfies readonly KnownErrorCode[];

/**
 * Documents the error answers of an operation: one response per HTTP status, naming its
 * codes and their English messages (the catalogue in domain-error.ts).
 */
export function ApiErrors(...codes: KnownErrorCode[]): MethodDecorator & ClassDecorator {
  const byStatus = new Map<number, KnownErrorCode[]>();
  for (const c of codes) {
    const s = ERROR_CODES[c].status;
    byStatus.set(s, [...(byStatus.get(s) ?? []), c]);
  }
  return applyDecorators(
    ApiExtraModels(ErrorDto),
    ...[...byStatus].map(([status, cs]) =>
      ApiResponse({
        status,
        type: ErrorDto,
        description: cs.map((c) => `${c}: ${ERROR_CODES[c].en}`).join(' / '),
      }),
    ),
  );
}
