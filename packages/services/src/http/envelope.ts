import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The JSON error body of every failed request. */
export interface ErrorBody {
  success: false;
  error: { code: string; message: string; details?: unknown; requestId: string };
}

export function requestIdOf(c: Context): string {
  return (c.get('requestId') as string | undefined) ?? 'unknown';
}

export function errorJson(
  c: Context,
  status: number,
  code: string,
  message: string,
  details?: unknown,
  headers?: Record<string, string>,
): Response {
  const error: ErrorBody['error'] = { code, message, requestId: requestIdOf(c) };
  if (details !== undefined) error.details = details;
  const body: ErrorBody = { success: false, error };
  return c.json(body, status as ContentfulStatusCode, headers);
}
