import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { isUtf8 } from 'node:buffer';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, type NextFunction, type Request, type Response } from 'express';
import { Logger } from 'nestjs-pino';
import { AppModule, type AppOverrides } from './app.module';
import { invalidFields, validationProblems } from './common/field-problems';
import { UnreadQueryInterceptor } from './common/unread-query.interceptor';
import { BodyObjectPipe } from './common/body-object.pipe';
import { CanonicalIdPipe } from './common/ids';
import { projectRoot } from './common/paths';
import { DomainError } from './common/domain-error';
import { DomainErrorFilter } from './common/domain-error.filter';
import { APP_VERSION } from './common/version';
import { StorableTextPipe } from './common/storable-text.pipe';
import { memoiseValidationMetadata } from './common/validation-metadata-cache';
import type { AppConfig } from './config/app-config';
import { answerClientErrors } from './common/client-errors';

/** Builds the whole app (used by main.ts and by the e2e tests alike). */
export async function createApp(config: AppConfig, overrides: AppOverrides = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, overrides), {
    bufferLogs: true,
    abortOnError: false,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  const filter = new DomainErrorFilter();
  // API answers are one person's view at one moment: never stored (a shared PC, a proxy), never a 304.
  // A request's ETag is its version, for If-Match; its route and the caller's tasks change without it,
  // so a conditional GET answered "not modified" showed an old route, or another user's buttons.
  // No other answer carries an ETag: Express's own (W/"…", a hash of the body, on errors and lists
  // too) looked like a version to send back as If-Match.
  app.getHttpAdapter().getInstance().set('etag', false);
  app.use('/api', (req: Request, res: Response, next: NextFunction) => {
    delete req.headers['if-none-match'];
    delete req.headers['if-modified-since'];
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  // a body the JSON parser would pass over (text/plain, a form) must not run the action as if empty
  app.use('/api', (req: Request, res: Response, next: NextFunction) =>
    sendsBody(req) && !req.is('application/json')
      ? filter.respond(
          DomainError.of('UNSUPPORTED_MEDIA_TYPE', { contentType: req.headers['content-type'] ?? null }),
          res,
        )
      : next(),
  );
  // bulk decisions (up to 10,000 items) may exceed the general body limit
  app.use('/api/v1/inbox/decisions', json({ limit: '16mb', verify: utf8Only }));
  app.useBodyParser('json', { limit: config.bodyLimit, verify: utf8Only });
  // body-parser errors (malformed JSON, too large) answer here with their own codes
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) =>
    err ? filter.respondToBody(err, res) : next(),
  );
  app.useGlobalFilters(filter);
  app.useGlobalInterceptors(new UnreadQueryInterceptor());
  memoiseValidationMetadata(); // a bulk call validates 10,000 items against the same classes
  app.useGlobalPipes(
    new BodyObjectPipe(),
    new StorableTextPipe(),
    new CanonicalIdPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // the object each error was found in: its class declares the figures a message quotes (@Max(10) → 10)
      validationError: { target: true },
      exceptionFactory: (errors) => invalidFields(...validationProblems(errors)),
    }),
  );
  serveWebPages(app);
  answerClientErrors(app.getHttpServer());
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle('Teleflow API')
    .setDescription(
      'Telework requests, policies and kessai (決裁) approval routes. Errors: { code, message: { ja, en }, details }.',
    )
    .setVersion(APP_VERSION)
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), {
    jsonDocumentUrl: 'api/docs-json',
  });
  return app;
}

/**
 * The web pages (src/web/public: one HTML shell, a script module, a stylesheet) at `/`, read
 * from the checkout (they need no build). They only call the API, so they are served with a
 * policy that allows nothing but this origin's own files and API.
 */
function serveWebPages(app: NestExpressApplication): void {
  app.useStaticAssets(join(projectRoot(), 'src', 'web', 'public'), {
    index: 'index.html',
    setHeaders: (res) => {
      res.setHeader('Content-Security-Policy', WEB_CSP);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Referrer-Policy', 'no-referrer');
      res.setHeader('Cache-Control', 'no-cache');
    },
  });
}

const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The JSON parser decodes bytes that are no UTF-8 as U+FFFD, silently: a comment of such bytes
 * was stored as "���" and even passed for one that says something. Such a body is refused as
 * one that cannot be decoded (MALFORMED_JSON); other Unicode charsets are the parser's to decode.
 */
function utf8Only(_req: unknown, _res: unknown, body: Buffer, charset: string): void {
  if (/^utf-?8$/i.test(charset) && !isUtf8(body))
    throw DomainError.of('MALFORMED_JSON', undefined, {
      ja: '本文が UTF-8 として読めません。UTF-8 で送ってください。',
      en: 'The body is not valid UTF-8; send it in UTF-8.',
    });
}

/** A request whose body the API reads (POST, PUT, PATCH) and that carries one. */
function sendsBody(req: Request): boolean {
  if (!['POST', 'PUT', 'PATCH'].includes(req.method)) return false;
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
