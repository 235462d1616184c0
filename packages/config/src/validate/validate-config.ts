import { type ConfigProblem, ConfigError, ConfigErrorCode } from '../errors.js';
import { configSchema } from '../model/config-schema.js';
import { normalizeConfig } from '../model/normalize.js';
import type { ClodoConfig } from '../model/types.js';
import { crossCheck } from './cross-checks.js';
import { routeClashes } from './route-clashes.js';
import { schemaProblems } from './schema-problems.js';

export type ValidationResult =
  | { readonly ok: true; readonly config: ClodoConfig }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/**
 * Validates anything against the config model and reports every problem at once, each with its
 * path and, where there is something specific to say, a fix hint. On success the config is
 * normalized (defaults filled) and deeply frozen.
 */
export function validateConfig(input: unknown): ValidationResult {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return {
      ok: false,
      problems: [
        {
          path: '',
          message: 'the config must be an object',
          hint: 'export default defineConfig({ account, services, ... })',
        },
      ],
    };
  }
  const parsed = configSchema.safeParse(input);
  const problems = [
    ...(parsed.success ? [] : schemaProblems(configSchema, input, parsed.error.issues)),
    ...crossCheck(input),
  ];
  if (!parsed.success || problems.length > 0) return { ok: false, problems: dedupe(problems) };
  const config = normalizeConfig(parsed.data);
  const late = routeClashes(config);
  if (late.length > 0) return { ok: false, problems: late };
  return { ok: true, config };
}

/** Like `validateConfig`, but throws a `ConfigError` (code CONFIG_INVALID) listing every problem. */
export function parseConfig(input: unknown): ClodoConfig {
  const result = validateConfig(input);
  if (!result.ok) throw new ConfigError(ConfigErrorCode.CONFIG_INVALID, result.problems);
  return result.config;
}

function dedupe(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
