import { type Finding, SecurityRuleId } from './finding.js';
import type { SecurityPolicy } from './policy.js';

const DEBUG_KEY = /(debug|verbose|trace|dev[_-]?mode|devtools)/i;
const INSECURE_KEY =
  /(skip[_-]?auth|no[_-]?auth|disable[_-]?(auth|security|csrf|tls|ssl|verif)|insecure|allow[_-]?all|bypass)/i;
const LOG_LEVEL_KEY = /^log[_-]?level$/i;
const DEBUG_LEVELS = new Set(['debug', 'trace', 'verbose', 'all', 'silly']);

function isOn(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string')
    return ['true', '1', 'yes', 'on', 'enabled', '*'].includes(value.trim().toLowerCase());
  return false;
}

/** Debug and security-disabling switches, in flags or plain vars. */
export function checkFlag(
  path: string,
  key: string,
  value: unknown,
  policy: SecurityPolicy,
  environment: string,
): Finding[] {
  if (INSECURE_KEY.test(key) && isOn(value)) {
    return [
      {
        path,
        severity: policy.insecureFlag,
        rule: SecurityRuleId.INSECURE_FLAG,
        message: `${path} turns off a security control in ${environment}`,
        remediation: 'remove this switch, or set it to false outside development',
      },
    ];
  }
  const debugLevel =
    LOG_LEVEL_KEY.test(key) && typeof value === 'string' && DEBUG_LEVELS.has(value.toLowerCase());
  if (policy.debugFlag && (debugLevel || (DEBUG_KEY.test(key) && isOn(value)))) {
    return [
      {
        path,
        severity: policy.debugFlag,
        rule: SecurityRuleId.DEBUG_FLAG,
        message: `${path} enables debug output in ${environment}, which can expose internals and data`,
        remediation: debugLevel
          ? 'use "info" or "warn" as the log level here'
          : 'set it to false for this environment',
      },
    ];
  }
  return [];
}
