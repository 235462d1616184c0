import type { Context } from 'hono';
import type { DataService } from '../data/data-service.js';

/** Who made the request, once `auth()` accepted its credentials. */
export type Principal =
  | { type: 'api-key'; readOnly: boolean }
  | { type: 'jwt'; subject?: string; claims: Record<string, unknown> };

/** Hono environment of a Clodo service: bindings plus the values the middleware sets. */
export interface ServiceEnv {
  Bindings: Record<string, unknown>;
  Variables: {
    requestId: string;
    principal: Principal | undefined;
    features: Readonly<Record<string, boolean>>;
    customer: string | undefined;
    environment: string;
    /** The data service of a model by name, for user routes. */
    data: (model: string) => DataService;
  };
}

export type ServiceContext = Context<ServiceEnv>;

/** Sets a header on the current response, copying it first when the response's headers are immutable. */
export function setResponseHeader(c: Context, name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch {
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set(name, value);
  }
}

export function appendVary(c: Context, value: string): void {
  const current = c.res.headers.get('Vary');
  if (!current) {
    setResponseHeader(c, 'Vary', value);
    return;
  }
  const parts = current.split(',').map((p) => p.trim().toLowerCase());
  if (!parts.includes(value.toLowerCase()) && !parts.includes('*'))
    setResponseHeader(c, 'Vary', `${current}, ${value}`);
}
