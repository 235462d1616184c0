import type { EnvironmentLevel } from './environment-level.js';
import type { Severity } from './finding.js';

/** Thresholds and severities one environment level applies. `undefined` severity: rule is off. */
export interface SecurityPolicy {
  minSecretLength: number;
  minEntropyBits: number;
  secretProblem: Severity;
  lowEntropy: Severity | undefined;
  reusedSecret: Severity;
  secretInVars: Severity;
  url: Severity | undefined;
  debugFlag: Severity | undefined;
  insecureFlag: Severity;
}

export const POLICIES: Record<EnvironmentLevel, SecurityPolicy> = {
  development: {
    minSecretLength: 16,
    minEntropyBits: 0,
    secretProblem: 'warning',
    lowEntropy: undefined,
    reusedSecret: 'warning',
    secretInVars: 'warning',
    url: undefined,
    debugFlag: undefined,
    insecureFlag: 'warning',
  },
  staging: {
    minSecretLength: 24,
    minEntropyBits: 80,
    secretProblem: 'high',
    lowEntropy: 'warning',
    reusedSecret: 'warning',
    secretInVars: 'high',
    url: 'high',
    debugFlag: 'warning',
    insecureFlag: 'high',
  },
  production: {
    minSecretLength: 32,
    minEntropyBits: 96,
    secretProblem: 'critical',
    lowEntropy: 'high',
    reusedSecret: 'high',
    secretInVars: 'critical',
    url: 'critical',
    debugFlag: 'high',
    insecureFlag: 'critical',
  },
};
