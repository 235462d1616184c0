import type { z } from 'zod';
import type { ConfigProblem } from '../errors.js';
import { suggestion } from './nearest-name.js';
import { describeType, formatPath, valueAt } from './path.js';

type AnySchema = z.core.$ZodType;
type Issue = z.core.$ZodIssue;

const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch', 'nonoptional']);

function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (;;) {
    const def = current._zod.def as { type: string; innerType?: AnySchema; in?: AnySchema };
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return current;
  }
}

/** The object keys the schema accepts at `path`, found by walking objects, arrays, records and unions. */
export function knownKeysAt(root: AnySchema, path: readonly PropertyKey[]): string[] {
  let candidates: AnySchema[] = [unwrap(root)];
  for (const segment of path) {
    const next: AnySchema[] = [];
    for (const schema of candidates) {
      const def = schema._zod.def as Record<string, unknown> & { type: string };
      if (def.type === 'object') {
        const child = (def.shape as Record<string, AnySchema>)[String(segment)];
        if (child) next.push(unwrap(child));
      } else if (def.type === 'array') next.push(unwrap(def.element as AnySchema));
      else if (def.type === 'record') next.push(unwrap(def.valueType as AnySchema));
      else if (def.type === 'union') {
        for (const option of def.options as AnySchema[]) {
          const inner = unwrap(option);
          const innerDef = inner._zod.def as { type: string; shape?: Record<string, AnySchema> };
          const child = innerDef.type === 'object' ? innerDef.shape?.[String(segment)] : undefined;
          if (child) next.push(unwrap(child));
        }
      }
    }
    candidates = next.flatMap(expandUnion);
  }
  const keys = new Set<string>();
  for (const schema of candidates.flatMap(expandUnion)) {
    const def = schema._zod.def as { type: string; shape?: Record<string, AnySchema> };
    if (def.type === 'object' && def.shape) for (const key of Object.keys(def.shape)) keys.add(key);
  }
  return [...keys];
}

function expandUnion(schema: AnySchema): AnySchema[] {
  const def = schema._zod.def as { type: string; options?: AnySchema[] };
  return def.type === 'union' && def.options ? def.options.map(unwrap) : [schema];
}

function typeName(expected: string): string {
  const names: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    int: 'an integer',
    boolean: 'a boolean (true or false)',
    object: 'an object',
    array: 'an array',
    record: 'an object',
    literal: 'a specific value',
  };
  return names[expected] ?? expected;
}

/** Translates schema issues into problems: one per issue (one per unknown key), each with path and hint. */
export function schemaProblems(schema: AnySchema, input: unknown, issues: readonly Issue[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of issues) {
    const path = issue.path as PropertyKey[];
    const at = formatPath(path);
    const value = valueAt(input, path);
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = knownKeysAt(schema, path);
        const isFeatures = path[path.length - 1] === 'features';
        for (const key of issue.keys) {
          problems.push({
            path: formatPath([...path, key]),
            message: isFeatures ? `unknown feature "${key}"` : `unknown key "${key}"`,
            hint: suggestion(key, known, isFeatures ? 'known features' : 'valid keys'),
          });
        }
        break;
      }
      case 'invalid_type': {
        if (value === undefined) {
          problems.push({ path: at, message: 'is required', hint: `add ${typeName(issue.expected)}` });
        } else {
          problems.push({
            path: at,
            message: `must be ${typeName(issue.expected)}, got ${describeType(value)}`,
          });
        }
        break;
      }
      case 'invalid_value': {
        const allowed = issue.values.map((v) => JSON.stringify(v));
        problems.push({
          path: at,
          message: `must be one of ${allowed.join(', ')}`,
          hint:
            typeof value === 'string'
              ? suggestion(value, issue.values.map(String), 'allowed values')
              : undefined,
        });
        break;
      }
      case 'invalid_union': {
        const discriminator = (issue as { discriminator?: string }).discriminator;
        if (discriminator) {
          const unionPath = path[path.length - 1] === discriminator ? path.slice(0, -1) : path;
          const known = discriminatorValues(schema, unionPath, discriminator);
          const got = valueAt(input, [...unionPath, discriminator]);
          problems.push({
            path: formatPath([...unionPath, discriminator]),
            ...(typeof got === 'string' ? { hint: suggestion(got, known, 'allowed values') } : {}),
            message: `must be one of ${known.map((v) => JSON.stringify(v)).join(', ')}`,
          });
        } else {
          problems.push({ path: at, message: unionMessage(path, value) });
        }
        break;
      }
      case 'too_small':
      case 'too_big': {
        const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
        const word = issue.code === 'too_small' ? 'at least' : 'at most';
        const unit = issue.origin === 'array' ? ' items' : issue.origin === 'string' ? ' characters' : '';
        const custom = issue.message && !issue.message.startsWith('Too ') ? issue.message : undefined;
        problems.push({ path: at, message: custom ?? `must be ${word} ${bound}${unit}` });
        break;
      }
      case 'custom': {
        const hint = (issue.params as { hint?: string } | undefined)?.hint;
        problems.push({ path: at, message: issue.message, ...(hint ? { hint } : {}) });
        break;
      }
      case 'invalid_format': {
        const message =
          issue.format === 'url'
            ? 'must be a URL'
            : issue.format === 'regex'
              ? issue.message
              : `is not a valid ${issue.format}`;
        problems.push({ path: at, message });
        break;
      }
      default:
        problems.push({ path: at, message: issue.message });
    }
  }
  return problems.map((p) => (p.hint === undefined ? { path: p.path, message: p.message } : p));
}

function discriminatorValues(schema: AnySchema, path: readonly PropertyKey[], key: string): string[] {
  // The discriminated union sits at `path`; collect its literal values for the message.
  let candidates: AnySchema[] = [unwrap(schema)];
  for (const segment of path) {
    candidates = candidates.flatMap((s) => {
      const def = s._zod.def as Record<string, unknown> & { type: string };
      if (def.type === 'object') {
        const child = (def.shape as Record<string, AnySchema>)[String(segment)];
        return child ? [unwrap(child)] : [];
      }
      if (def.type === 'array') return [unwrap(def.element as AnySchema)];
      if (def.type === 'record') return [unwrap(def.valueType as AnySchema)];
      return [];
    });
  }
  const values: string[] = [];
  for (const s of candidates.flatMap(expandUnion)) {
    const def = s._zod.def as { type: string; shape?: Record<string, AnySchema> };
    const literal = def.shape?.[key]?._zod.def as { values?: unknown[] } | undefined;
    for (const v of literal?.values ?? []) values.push(String(v));
  }
  return values;
}

function unionMessage(path: readonly PropertyKey[], value: unknown): string {
  const parent = path[path.length - 2];
  if (parent === 'vars') return `must be a string, number or boolean, got ${describeType(value)}`;
  if (path[path.length - 1] === 'route') return 'must be false or an object like { subdomain, path }';
  return `has the wrong shape (got ${describeType(value)})`;
}
