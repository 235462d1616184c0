import type { Context } from 'hono';
import { ServiceError, ServiceErrorCode } from '../errors.js';

// A whole-buffer decode keeps no state between calls, so one decoder serves every request.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads the request body as JSON, bounded in size; unparseable text is `INVALID_JSON`. */
export async function readJsonBody(c: Context, maxBytes: number): Promise<unknown> {
  const type = c.req.header('Content-Type');
  if (type && !/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
    throw new ServiceError(ServiceErrorCode.UNSUPPORTED_MEDIA_TYPE, 'the body must be application/json');
  }
  const declared = Number(c.req.header('Content-Length') ?? '0');
  if (declared > maxBytes)
    throw new ServiceError(ServiceErrorCode.PAYLOAD_TOO_LARGE, `the body exceeds ${maxBytes} bytes`);
  const buffer = await c.req.arrayBuffer();
  if (buffer.byteLength > maxBytes)
    throw new ServiceError(ServiceErrorCode.PAYLOAD_TOO_LARGE, `the body exceeds ${maxBytes} bytes`);
  let text: string;
  try {
    text = utf8.decode(buffer);
  } catch {
    throw new ServiceError(ServiceErrorCode.INVALID_JSON, 'the body is not valid UTF-8');
  }
  if (text.trim() === '')
    throw new ServiceError(ServiceErrorCode.INVALID_JSON, 'the body is empty; send a JSON object');
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof SyntaxError ? `: ${error.message.slice(0, 120)}` : '';
    throw new ServiceError(ServiceErrorCode.INVALID_JSON, `the body is not valid JSON${detail}`);
  }
}
