import { ArgumentsHost, BadRequestException, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError, ERROR_CODES, statusOf, type KnownErrorCode } from './domain-error';
import { notAnObject } from './body-object.pipe';
import { fieldProblems, invalidFields } from './field-problems';

/** The one place that turns errors into HTTP: `{ code, message: { ja, en }, details? }`. */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    this.respond(exception, host.switchToHttp().getResponse<Response>());
  }

  /**
   * The Express error middleware in front of Nest: what reaches it comes from body-parser,
   * reading the body before any route. Its 4xx errors are about the body: an unsupported
   * charset or content encoding (415), too large (413), or a body that cannot be read as
   * JSON (bad JSON, a corrupt gzip stream, a length that does not match: 400).
   */
  respondToBody(exception: unknown, res: Response): void {
    const status = (exception as { status?: unknown } | null)?.status;
    const readError =
      typeof status === 'number' && status >= 400 && status < 500 && !(exception instanceof DomainError);
    if (!readError) return this.respond(exception, res);
    this.respond(isBareValue(exception) ? notAnObject() : DomainError.of(BODY_ERRORS[status] ?? 'MALFORMED_JSON'), res);
  }

  respond(exception: unknown, res: Response): void {
    const err = this.toDomainError(exception);
    const status = statusOf(err);
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    const body: Record<string, unknown> = { code: err.code, message: err.messages };
    if (err.details !== undefined) body.details = err.details;
    res.status(status).json(body);
  }

  private toDomainError(e: unknown): DomainError {
    if (e instanceof DomainError) return e;
    // the router could not decode a path parameter (%FF, a lone surrogate's bytes): Nest passes on
    // its URIError as a BadRequestException with the router's message only
    if (e instanceof URIError || (e instanceof BadRequestException && e.message.startsWith('Failed to decode param')))
      return invalidFields(MALFORMED_PATH);
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const code = byStatus[status];
      if (code) return DomainError.of(code);
      return new DomainError('HTTP_' + status, { ja: e.message, en: e.message }, undefined, status);
    }
    return DomainError.of('INTERNAL');
  }
}

const byStatus: Record<number, KnownErrorCode> = Object.fromEntries(
  (Object.keys(ERROR_CODES) as KnownErrorCode[])
    .filter((k) => ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'PAYLOAD_TOO_LARGE'].includes(k))
    .map((k) => [ERROR_CODES[k].status, k]),
);

const MALFORMED_PATH = fieldProblems('path', {
  ja: 'URL のパスに解読できない文字（%FF のような不正なパーセントエンコーディング）が含まれています。',
  en: 'the URL path holds a percent-encoding that is not UTF-8 (such as %FF)',
});

/**
 * A body the parser refused for being valid JSON but no object or list (`1`, `"x"`, `null`: its
 * strict mode takes only those): answered as a list is, `(body)` must be a JSON object, not
 * as JSON that cannot be read.
 */
function isBareValue(e: unknown): boolean {
  const { type, body } = e as { type?: unknown; body?: unknown };
  if (type !== 'entity.parse.failed' || typeof body !== 'string') return false;
  try {
    JSON.parse(body);
    return true;
  } catch {
    return false;
  }
}

/** body-parser's refusals by status; any other 4xx of its means the body could not be read as JSON. */
const BODY_ERRORS: Record<number, KnownErrorCode> = { 413: 'PAYLOAD_TOO_LARGE', 415: 'UNSUPPORTED_MEDIA_TYPE' };
