import { ServiceErrorCode } from '../errors.js';
import type { R2BucketLike, R2ObjectBodyLike, R2ObjectLike } from './types.js';

export interface ServeOptions {
  cacheControl?: string;
  /** Sent as `Content-Disposition: attachment; filename=...` when set. */
  downloadName?: string;
}

type ByteRange = { offset: number; length: number };
type ParsedRange = { ok: true; range: ByteRange | undefined } | { ok: false };

/**
 * Parses a single-range `Range: bytes=` header against an object size. Multi-range and malformed headers
 * are ignored (the whole object is served), as RFC 9110 allows; unsatisfiable ranges are reported.
 */
export function parseRange(header: string | null | undefined, size: number): ParsedRange {
  if (!header) return { ok: true, range: undefined };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return { ok: true, range: undefined };
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return { ok: false };
    return { ok: true, range: { offset: Math.max(0, size - suffix), length: Math.min(suffix, size) } };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return { ok: false };
  return { ok: true, range: { offset: start, length: end - start + 1 } };
}

function errorResponse(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return Response.json({ success: false, error: { code, message } }, { status, headers });
}

function baseHeaders(object: R2ObjectLike, options: ServeOptions): Headers {
  const headers = new Headers();
  headers.set('ETag', object.httpEtag);
  headers.set('Last-Modified', object.uploaded.toUTCString());
  headers.set('Accept-Ranges', 'bytes');
  headers.set('Content-Type', object.httpMetadata?.contentType ?? 'application/octet-stream');
  const cacheControl = options.cacheControl ?? object.httpMetadata?.cacheControl;
  if (cacheControl) headers.set('Cache-Control', cacheControl);
  if (options.downloadName) {
    headers.set(
      'Content-Disposition',
      `attachment; filename="${options.downloadName.replace(/["\\\r\n]/g, '_')}"`,
    );
  }
  return headers;
}

function etagMatches(header: string | null, object: R2ObjectLike): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === object.httpEtag);
}

/**
 * Serves an R2 object for GET/HEAD with `ETag`, `If-None-Match` (304) and single byte ranges (206 with
 * `Content-Range`; 416 with `Content-Range: bytes *\/size` when unsatisfiable). `If-Range` with a stale ETag
 * serves the whole object.
 */
export async function serveR2Object(
  bucket: R2BucketLike,
  key: string,
  request: Request,
  options: ServeOptions = {},
): Promise<Response> {
  const head = await bucket.head(key);
  if (!head) return errorResponse(404, ServiceErrorCode.NOT_FOUND, 'no such file');
  if (etagMatches(request.headers.get('If-None-Match'), head)) {
    return new Response(null, { status: 304, headers: baseHeaders(head, options) });
  }
  const ifRange = request.headers.get('If-Range');
  const rangeHeader = ifRange && ifRange !== head.httpEtag ? null : request.headers.get('Range');
  const parsed = parseRange(rangeHeader, head.size);
  if (!parsed.ok) {
    return errorResponse(
      416,
      ServiceErrorCode.RANGE_NOT_SATISFIABLE,
      'the requested range is not satisfiable',
      {
        'Content-Range': `bytes */${head.size}`,
      },
    );
  }
  const headers = baseHeaders(head, options);
  const range = parsed.range;
  const status = range ? 206 : 200;
  const length = range ? range.length : head.size;
  headers.set('Content-Length', String(length));
  if (range) headers.set('Content-Range', `bytes ${range.offset}-${range.offset + length - 1}/${head.size}`);
  if (request.method === 'HEAD' || length === 0) return new Response(null, { status, headers });
  const object = await bucket.get(key, range ? { range } : undefined);
  // The object can vanish between head and get.
  if (!object || !('body' in object)) return errorResponse(404, ServiceErrorCode.NOT_FOUND, 'no such file');
  return new Response((object as R2ObjectBodyLike).body, { status, headers });
}

export interface UploadOptions {
  /** Largest accepted body in bytes (default 10 MiB). */
  maxBytes?: number;
  /** Accepted `Content-Type` values (default any). */
  allowedTypes?: readonly string[];
  customMetadata?: Record<string, string>;
}

export type UploadResult =
  | { ok: true; key: string; size: number; etag: string; contentType: string }
  | { ok: false; response: Response };

/** Stores a request body in R2 after checking its type and size; the failure carries a ready 4xx response. */
export async function uploadToR2(
  bucket: R2BucketLike,
  key: string,
  request: Request,
  options: UploadOptions = {},
): Promise<UploadResult> {
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const contentType =
    (request.headers.get('Content-Type') ?? 'application/octet-stream').split(';')[0]?.trim().toLowerCase() ??
    '';
  if (options.allowedTypes && !options.allowedTypes.includes(contentType)) {
    return {
      ok: false,
      response: errorResponse(
        415,
        ServiceErrorCode.UNSUPPORTED_MEDIA_TYPE,
        `content type must be one of ${options.allowedTypes.join(', ')}`,
      ),
    };
  }
  const declared = Number(request.headers.get('Content-Length') ?? '0');
  if (declared > maxBytes) {
    return {
      ok: false,
      response: errorResponse(413, ServiceErrorCode.PAYLOAD_TOO_LARGE, `the file exceeds ${maxBytes} bytes`),
    };
  }
  const body = await request.arrayBuffer();
  if (body.byteLength > maxBytes) {
    return {
      ok: false,
      response: errorResponse(413, ServiceErrorCode.PAYLOAD_TOO_LARGE, `the file exceeds ${maxBytes} bytes`),
    };
  }
  const stored = await bucket.put(key, body, {
    httpMetadata: { contentType },
    ...(options.customMetadata ? { customMetadata: options.customMetadata } : {}),
  });
  return { ok: true, key, size: body.byteLength, etag: stored?.etag ?? '', contentType };
}
