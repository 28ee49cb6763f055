import { STATUS_CODES, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ERROR_CODES, type KnownErrorCode } from './domain-error';

/** What Node's HTTP parser refuses, by its error code, as the API's error codes (Node's statuses). */
const PARSER_ERRORS: Record<string, KnownErrorCode> = {
  HPE_HEADER_OVERFLOW: 'HEADERS_TOO_LARGE',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 'PAYLOAD_TOO_LARGE',
  ERR_HTTP_REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
};

/**
 * Answers what Node's HTTP parser refuses before the app sees a request (a URL or headers
 * over its 16 KB limit, a request too slow to arrive, bytes that are no HTTP) with the API's
 * error body, code and message in both languages, where Node would answer a bare status
 * line; then closes the connection, as Node does. A socket already sending a response gets
 * nothing written into it (that would corrupt the response): it is closed.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const code = PARSER_ERRORS[err.code ?? ''] ?? 'MALFORMED_REQUEST';
    const { status, ja, en } = ERROR_CODES[code];
    const body = JSON.stringify({ code, message: { ja, en } });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`,
      () => socket.destroy(), // a client that never closes its side must not keep the connection
    );
  });
}
