import type { ConfigProblem } from '../errors.js';
import { entries, isRecord, type RawRecord, records, str } from './raw.js';

/** Every binding a features object declares, with the path (relative to it) that declares it. */
export function declaredBindings(features: unknown): { name: string; at: string }[] {
  if (!isRecord(features)) return [];
  const out: { name: string; at: string }[] = [];
  const list = (key: string, items: unknown) => {
    for (const [i, item] of records(items)) {
      const name = str(item.binding);
      if (name) out.push({ name, at: `${key}[${i}].binding` });
    }
  };
  list('d1', features.d1);
  list('kv', features.kv);
  list('r2', features.r2);
  if (isRecord(features.queues)) list('queues.producers', features.queues.producers);
  list('durableObjects', features.durableObjects);
  list('services', features.services);
  if (isRecord(features.ai)) {
    const name = str(features.ai.binding);
    if (name) out.push({ name, at: 'ai.binding' });
  }
  return out;
}

/**
 * Binding names must be unique on a Worker's `env`, vars included: a var named like a binding
 * silently replaces it at runtime.
 */
export function bindingClashes(
  service: RawRecord,
  servicePath: string,
  environmentVars: ReadonlyMap<string, string[]>,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const check = (features: unknown, featuresPath: string, varSources: [string, string][]) => {
    const seen = new Map<string, string>();
    for (const { name, at } of declaredBindings(features)) {
      const where = `${featuresPath}.${at}`;
      const first = seen.get(name);
      if (first) {
        problems.push({
          path: where,
          message: `binding "${name}" is already declared at ${first}`,
          hint: 'give each binding its own name',
        });
      } else seen.set(name, where);
    }
    for (const [name, where] of varSources) {
      const binding = seen.get(name);
      if (binding) {
        problems.push({
          path: where,
          message: `var "${name}" has the same name as the binding at ${binding}`,
          hint: 'rename the var or the binding; a var would hide the binding at runtime',
        });
      }
    }
  };

  const serviceVars = entries(service.vars).map(([k]) => [k, `${servicePath}.vars.${k}`] as [string, string]);
  const envVarSources = [...environmentVars].flatMap(([k, paths]) =>
    paths.map((p) => [k, p] as [string, string]),
  );
  check(service.features, `${servicePath}.features`, [...serviceVars, ...envVarSources]);

  for (const [env, override] of entries(service.environments)) {
    if (!isRecord(override) || !isRecord(override.features)) continue;
    // An override replaces whole feature lists, so clashes are judged on the effective set.
    const overridePath = `${servicePath}.environments.${env}.features`;
    const replaced = new Set(Object.keys(override.features));
    const effective = [
      ...declaredBindings(service.features)
        .filter((b) => !replaced.has(featureOf(b.at)))
        .map((b) => ({ name: b.name, where: `${servicePath}.features.${b.at}`, fromOverride: false })),
      ...declaredBindings(override.features).map((b) => ({
        name: b.name,
        where: `${overridePath}.${b.at}`,
        fromOverride: true,
      })),
    ];
    const seen = new Map<string, { where: string; fromOverride: boolean }>();
    for (const b of effective) {
      const first = seen.get(b.name);
      if (!first) seen.set(b.name, b);
      else if (b.fromOverride || first.fromOverride) {
        problems.push({
          path: b.where,
          message: `binding "${b.name}" is already declared at ${first.where}`,
          hint: 'give each binding its own name',
        });
      }
    }
  }
  return problems;
}

function featureOf(at: string): string {
  return at.split(/[.[]/)[0]!;
}
