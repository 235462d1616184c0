/** Name and identifier rules shared by the schema, the cross-checks and the derived names. */

/** Service, customer and environment names: they end up in worker, database and host names. */
export const SERVICE_NAME: RegExp = /^[a-z][a-z0-9-]{1,62}$/;
export const CUSTOMER_NAME: RegExp = /^[a-z][a-z0-9-]{1,62}$/;
export const ENVIRONMENT_NAME: RegExp = /^[a-z][a-z0-9-]{0,31}$/;
/** A Cloudflare account or zone id: 32 lowercase hex characters. */
export const CLOUDFLARE_ID: RegExp = /^[0-9a-f]{32}$/;
/** A binding or var name as a Worker sees it on `env`. */
export const BINDING_NAME: RegExp = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const ENV_VAR_NAME: RegExp = /^[A-Z_][A-Z0-9_]*$/;
/** Queue and bucket names (Cloudflare: lowercase letters, digits, dashes). */
export const RESOURCE_NAME: RegExp = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
export const COMPATIBILITY_DATE: RegExp = /^\d{4}-\d{2}-\d{2}$/;
/** Longest worker script name Cloudflare accepts. */
export const MAX_WORKER_NAME = 63;
/** First hostname label of production APIs; other environments prefix it (`staging-api`). */
export const PRODUCTION_API_LABEL = 'api';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LEVEL = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * A public DNS hostname: at least two labels, each 1-63 of `a-z0-9-` not starting or ending with a
 * dash, an alphabetic (or punycode) top-level label, 253 characters at most. `localhost` is not one.
 */
export function isHostname(value: string): boolean {
  if (value.length === 0 || value.length > 253) return false;
  const labels = value.split('.');
  if (labels.length < 2) return false;
  if (!labels.every((label) => LABEL.test(label))) return false;
  return TOP_LEVEL.test(labels[labels.length - 1]!);
}

/** Why a string is not a hostname, for a message that helps fix it. */
export function hostnameProblem(value: string): string {
  if (value !== value.toLowerCase()) return 'use lowercase letters';
  if (/^[a-z]+:\/\//i.test(value)) return 'give the host only, without a scheme like https://';
  if (value.includes('/')) return 'give the host only, without a path';
  if (value.includes(':')) return 'give the host only, without a port';
  if (!value.includes('.')) return 'a public hostname has at least two labels, like api.example.com';
  if (value.split('.').some((l) => l.startsWith('-') || l.endsWith('-')))
    return 'labels cannot start or end with "-"';
  if (value.split('.').some((l) => l.length === 0))
    return 'labels cannot be empty (no "..", no leading or trailing dot)';
  return 'use letters, digits and "-" in dot-separated labels, like api.example.com';
}

/** Five-field cron: minute hour day-of-month month day-of-week, the form Cloudflare triggers take. */
export function isCronExpression(value: string): boolean {
  const fields = value.trim().split(/\s+/);
  if (fields.length !== 5) return false;
  return fields.every((f) => /^[0-9A-Za-z*,/\-#LW?]+$/.test(f));
}

/** A real calendar date in YYYY-MM-DD form. */
export function isCalendarDate(value: string): boolean {
  if (!COMPATIBILITY_DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
