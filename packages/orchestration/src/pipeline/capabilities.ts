import { ORCHESTRATION_ERRORS, OrchestrationError } from '../errors.js';

/** What a run may do besides deploying. Everything is enabled unless a request narrows it. */
export const CAPABILITIES = [
  'validation',
  'migrations',
  'secrets',
  'tests',
  'gradual-rollout',
  'rollback',
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** Checks a list of capability names; an unknown one is an error naming the valid ones. */
export function parseCapabilities(
  names: readonly string[] | undefined,
  field = 'capabilities',
): Set<Capability> {
  if (names === undefined) return new Set(CAPABILITIES.filter((c) => c !== 'gradual-rollout'));
  if (!Array.isArray(names)) {
    throw new OrchestrationError(
      ORCHESTRATION_ERRORS.INVALID_ARGUMENT,
      `${field}: expected an array of names`,
    );
  }
  const set = new Set<Capability>();
  for (const name of names) {
    if (!(CAPABILITIES as readonly string[]).includes(name)) {
      throw new OrchestrationError(
        ORCHESTRATION_ERRORS.UNKNOWN_CAPABILITY,
        `${field}: unknown capability "${String(name)}"; valid capabilities: ${CAPABILITIES.join(', ')}`,
        { capability: name, valid: [...CAPABILITIES] },
      );
    }
    set.add(name as Capability);
  }
  return set;
}
