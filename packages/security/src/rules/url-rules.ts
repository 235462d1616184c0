import { type Finding, SecurityRuleId, type Severity } from './finding.js';

const LOCAL_HOST_NAMES =
  /^(localhost|.*\.localhost|.*\.local|.*\.internal|0\.0\.0\.0|\[::1?\]|\[::ffff:127\..*\])$/i;

/** True for loopback, unspecified, link-local and private-network hosts (never reachable from Cloudflare). */
export function isLocalHost(hostname: string): boolean {
  if (LOCAL_HOST_NAMES.test(hostname)) return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(hostname);
  if (!v4) return /^\[(fc|fd|fe80)/i.test(hostname);
  const [a, b] = [Number(v4[1]), Number(v4[2])];
  return (
    a === 127 ||
    a === 10 ||
    a === 0 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254)
  );
}

export interface UrlRuleContext {
  environment: string;
  severity: Severity | undefined;
}

/** Checks one URL-valued field; the URL itself never appears in messages (it may carry credentials). */
export function checkUrl(path: string, value: string, ctx: UrlRuleContext, strict: boolean): Finding[] {
  const { severity, environment } = ctx;
  if (!severity) return [];
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    if (!strict) return [];
    return [
      {
        path,
        severity,
        rule: SecurityRuleId.INVALID_URL,
        message: `${path} is not an absolute URL`,
        remediation: 'write the full URL including the scheme, e.g. https://api.example.com',
      },
    ];
  }
  const findings: Finding[] = [];
  if (url.protocol === 'http:' || url.protocol === 'ws:') {
    findings.push({
      path,
      severity,
      rule: SecurityRuleId.INSECURE_URL,
      message: `${path} uses ${url.protocol}// in ${environment}; traffic and credentials travel unencrypted`,
      remediation: `use ${url.protocol === 'http:' ? 'https' : 'wss'}:// for this URL`,
    });
  }
  if (isLocalHost(url.hostname)) {
    findings.push({
      path,
      severity,
      rule: SecurityRuleId.LOCAL_URL,
      message: `${path} points at a local or private-network host in ${environment}`,
      remediation: `point it at the ${environment} host, or set it per environment in clodo.config`,
    });
  }
  if (url.username || url.password) {
    findings.push({
      path,
      severity,
      rule: SecurityRuleId.URL_CREDENTIALS,
      message: `${path} embeds credentials in the URL`,
      remediation: 'remove the user:password part and pass the credential as a secret',
    });
  }
  return findings;
}
