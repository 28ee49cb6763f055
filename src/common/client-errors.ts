import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ERROR_CODES, type KnownErrorCode } from './domain-error';

/**
 * Answers what Node's HTTP parser refuses before the app sees a request (a URL or headers
 * over its 16 KB limit, bytes that are no HTTP) with the API's error body, code and message
 * in both languages, where Node would answer a bare status line. The connection closes.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const code: KnownErrorCode = err.code === 'HPE_HEADER_OVERFLOW' ? 'HEADERS_TOO_LARGE' : 'MALFORMED_REQUEST';
    const { status, ja, en } = ERROR_CODES[code];
    const body = JSON.stringify({ code, message: { ja, en } });
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  });
}
