import { randomBytes } from 'node:crypto';
import type { Credentials, SuiteConfig } from '@clodo/testers';
import { UsageError } from '../errors.js';

export const SUITE_PHASES = ['api', 'auth', 'database', 'performance', 'load'] as const;
export type SuitePhaseName = (typeof SUITE_PHASES)[number];

export function parseSuite(value: unknown): SuitePhaseName[] {
  const names = String(value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0)
    throw new UsageError(`--suite must name at least one of ${SUITE_PHASES.join(', ')}`);
  for (const name of names) {
    if (!(SUITE_PHASES as readonly string[]).includes(name)) {
      throw new UsageError(`--suite: unknown phase "${name}"; valid phases: ${SUITE_PHASES.join(', ')}`);
    }
  }
  return [...new Set(names)] as SuitePhaseName[];
}

interface ManifestField {
  type?: string;
  required?: boolean;
  unique?: boolean;
  enum?: readonly (string | number)[];
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

interface ManifestResource {
  name: string;
  path: string;
  fields: Record<string, ManifestField>;
  auth?: { read?: string; write?: string };
}

/** The part of a Clodo service's `/.well-known/clodo` manifest the suite is built from. */
export interface ServiceManifest {
  service: string;
  resources: ManifestResource[];
}

function fits(field: ManifestField, value: string): boolean {
  if (field.pattern && !new RegExp(field.pattern).test(value)) return false;
  if (field.minLength !== undefined && value.length < field.minLength) return false;
  if (field.maxLength !== undefined && value.length > field.maxLength) return false;
  return true;
}

/** A value the field's published rules accept, unique per call; undefined when none is found. */
export function sampleValue(name: string, field: ManifestField): unknown {
  const nonce = randomBytes(4).toString('hex');
  if (field.enum && field.enum.length > 0) return field.enum[0];
  switch (field.type) {
    case 'integer':
      return Math.max(field.min ?? 1, 1);
    case 'real':
    case 'number':
      return Math.max(field.min ?? 1, 1);
    case 'boolean':
      return true;
    case 'json':
      return {};
  }
  const candidates = [
    ...(/mail/i.test(name) ? [`probe-${nonce}@example.test`] : []),
    `probe-${nonce}`,
    `PROBE-${nonce.toUpperCase()}`,
    `probe-${nonce}@example.test`,
    `Probe ${nonce}`,
    nonce,
  ];
  return candidates.find((c) => fits(field, c));
}

function createBody(resource: ManifestResource): Record<string, unknown> | undefined {
  const body: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(resource.fields)) {
    if (!field.required && !field.unique) continue;
    const value = sampleValue(name, field);
    if (value === undefined) return undefined;
    body[name] = value;
  }
  return body;
}

function updateBody(resource: ManifestResource): Record<string, unknown> | undefined {
  for (const [name, field] of Object.entries(resource.fields)) {
    if (field.unique || field.enum || (field.type && field.type !== 'text')) continue;
    const value = sampleValue(name, field);
    if (value !== undefined) return { [name]: value };
  }
  return undefined;
}

export interface SuiteInput {
  name: string;
  baseUrl: string;
  phases: readonly SuitePhaseName[];
  /** Credentials the service accepts (from its local secrets); absent for an open service. */
  credentials?: Credentials;
  manifest?: ServiceManifest;
  reportDir: string;
}

/**
 * The production suite for one deployed service, from its manifest: endpoints discovered, auth on
 * the protected resource routes, a CRUD round trip on the first resource whose fields can be
 * filled, latency of `/health` and the first list, and a short bounded load run.
 */
export function suiteConfigFor(input: SuiteInput): SuiteConfig {
  const wants = (p: SuitePhaseName) => input.phases.includes(p);
  const resources = input.manifest?.resources ?? [];
  const config: SuiteConfig = {
    name: input.name,
    baseUrl: input.baseUrl,
    timeoutMs: 10_000,
    ...(input.credentials ? { credentials: input.credentials } : {}),
    reports: { dir: input.reportDir },
    thresholds: { maxErrorRate: 0.01, maxFailedChecks: 0 },
  };
  if (wants('api')) config.api = true;
  if (wants('auth') && input.credentials) {
    const endpoints = resources.flatMap((r) => {
      const out: { method: string; path: string; body?: unknown }[] = [];
      if (r.auth?.read === 'required') out.push({ method: 'GET', path: r.path });
      const body = r.auth?.write === 'required' ? createBody(r) : undefined;
      if (body) out.push({ method: 'POST', path: r.path, body });
      return out;
    });
    if (endpoints.length > 0) config.auth = { endpoints };
  }
  if (wants('database')) {
    for (const r of resources) {
      const create = createBody(r);
      const update = updateBody(r);
      if (create && update) {
        config.database = { resource: { path: r.path, create, update } };
        break;
      }
    }
  }
  if (wants('performance')) {
    const list = resources[0];
    config.performance = {
      endpoints: [{ path: '/health' }, ...(list ? [{ path: `${list.path}?limit=10` }] : [])],
      samples: 20,
      warmup: 2,
      thresholds: { p95Ms: 1500 },
    };
  }
  if (wants('load')) {
    config.load = { request: { path: '/health' }, connections: 4, durationMs: 2000 };
  }
  if (!SUITE_PHASES.some((p) => config[p] !== undefined)) config.api = true;
  return config;
}

/** Fetches `/.well-known/clodo`; undefined when the service is not a Clodo service (or refuses). */
export async function fetchServiceManifest(
  baseUrl: string,
  headers: Record<string, string>,
): Promise<ServiceManifest | undefined> {
  try {
    const response = await fetch(new URL('/.well-known/clodo', baseUrl), {
      headers,
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) return undefined;
    const json = (await response.json()) as ServiceManifest;
    return Array.isArray(json?.resources) ? json : undefined;
  } catch {
    return undefined;
  }
}
