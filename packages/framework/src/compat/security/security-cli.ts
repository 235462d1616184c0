import {
  blocksDeployment,
  type Finding,
  generateServiceKeys,
  type SecurityRuleInput,
  type ServiceKeys,
  sortFindings,
  evaluateSecurityRules,
} from '@clodo/security';

export interface ReadinessReport {
  environment: string;
  /** False when a finding blocks deployment (any critical finding in a production-level environment). */
  ready: boolean;
  findings: Finding[];
}

/**
 * The old `SecurityCLI` as a library: key generation, rule evaluation and deployment readiness,
 * over @clodo/security. Findings never contain secret values.
 */
export class SecurityCLI {
  generateKeys(services: readonly string[]): Record<string, ServiceKeys> {
    return generateServiceKeys(services);
  }

  validateConfiguration(input: SecurityRuleInput): Finding[] {
    return sortFindings(evaluateSecurityRules(input));
  }

  checkDeploymentReadiness(input: SecurityRuleInput): ReadinessReport {
    const findings = this.validateConfiguration(input);
    return {
      environment: input.environment,
      ready: !blocksDeployment(findings, input.environment, input.level),
      findings,
    };
  }
}
