import { describe, expect, it } from 'vitest';
import { generateApiKey, generateJwtSecret } from '../secrets/generate.js';
import { environmentLevel } from './environment-level.js';
import { evaluateSecurityRules } from './evaluate.js';
import { blocksDeployment, type Finding } from './finding.js';

const strong = { JWT_SECRET: generateJwtSecret(), API_KEY: generateApiKey('orders') };
const rules = (findings: Finding[]) => findings.map((f) => `${f.severity} ${f.rule} ${f.path}`);

describe('evaluateSecurityRules', () => {
  it('finds nothing in a sound production setup', () => {
    const findings = evaluateSecurityRules({
      environment: 'production',
      secrets: strong,
      vars: { API_URL: 'https://api.example.com', LOG_LEVEL: 'info', GREETING: 'hi' },
      urls: { route: 'https://orders.example.com/*' },
      flags: { debug: false },
    });
    expect(findings).toEqual([]);
  });

  it('judges the same weak secret by environment', () => {
    const secrets = { JWT_SECRET: 'changeme' };
    expect(rules(evaluateSecurityRules({ environment: 'production', secrets }))).toEqual([
      'critical secret-min-length secrets.JWT_SECRET',
      'critical secret-placeholder secrets.JWT_SECRET',
    ]);
    expect(rules(evaluateSecurityRules({ environment: 'staging', secrets }))).toEqual([
      'high secret-min-length secrets.JWT_SECRET',
      'high secret-placeholder secrets.JWT_SECRET',
    ]);
    expect(rules(evaluateSecurityRules({ environment: 'development', secrets }))).toEqual([
      'warning secret-min-length secrets.JWT_SECRET',
      'warning secret-placeholder secrets.JWT_SECRET',
    ]);
  });

  it('flags empty, weak, low-entropy and reused secrets', () => {
    const findings = evaluateSecurityRules({
      environment: 'production',
      basePath: 'environments.production',
      secrets: {
        EMPTY: '',
        MISSING: undefined,
        WEAK: 'Password123Password123Password123!',
        GUESSABLE: 'Summer-Dragon-Monkey-Sunshine-abcd',
        LOWISH: '0123456789abcdef0123456789abcdefXYZ'.split('').reverse().join(''),
        FIRST: strong.JWT_SECRET,
        SECOND: strong.JWT_SECRET,
        'odd-name': 'your-api-key-here',
      },
    });
    expect(rules(findings)).toEqual([
      'critical secret-empty environments.production.secrets.EMPTY',
      'critical secret-weak-pattern environments.production.secrets.GUESSABLE',
      'critical secret-weak-pattern environments.production.secrets.LOWISH',
      'critical secret-empty environments.production.secrets.MISSING',
      'critical secret-placeholder environments.production.secrets.WEAK',
      'critical secret-min-length environments.production.secrets["odd-name"]',
      'critical secret-placeholder environments.production.secrets["odd-name"]',
      'high secret-reused environments.production.secrets.SECOND',
    ]);
    expect(findings.find((f) => f.rule === 'secret-reused')!.message).toContain(
      'environments.production.secrets.FIRST',
    );
  });

  it('flags a low-entropy secret that has no recognisable pattern', () => {
    const value =
      'ab01ba10ab01ba10'
        .split('')
        .map((c, i) => (i % 3 ? c : c.toUpperCase()))
        .join('')
        .repeat(2) + 'zz';
    const findings = evaluateSecurityRules({ environment: 'production', secrets: { S: value } });
    expect(findings.map((f) => f.rule)).toEqual(['secret-low-entropy']);
    expect(findings[0]).toMatchObject({ severity: 'high' });
  });

  it('flags secrets in plain vars, but not names about secrets', () => {
    const findings = evaluateSecurityRules({
      environment: 'production',
      vars: {
        STRIPE_SECRET_KEY: 'sk_live_abc',
        API_TOKEN_ENV: 'CLOUDFLARE_API_TOKEN',
        TOKEN_TTL: '3600',
        PASSWORD: '',
      },
    });
    expect(rules(findings)).toEqual(['critical secret-in-vars vars.STRIPE_SECRET_KEY']);
  });

  it('flags a var that holds a secret value under an innocent name', () => {
    const findings = evaluateSecurityRules({
      environment: 'staging',
      secrets: strong,
      vars: { UPSTREAM_HEADER: strong.API_KEY, SHORT: 'x' },
    });
    expect(rules(findings)).toEqual(['high secret-in-vars vars.UPSTREAM_HEADER']);
    expect(findings[0]!.message).toBe(
      'vars.UPSTREAM_HEADER holds the value of secrets.API_KEY in plain text',
    );
  });

  it('flags http, local and credential-bearing URLs outside development', () => {
    const input = {
      urls: {
        api: 'http://api.example.com',
        db: 'https://127.0.0.1:8787',
        hook: 'https://user:pw@hooks.example.com/x',
        private: 'https://10.1.2.3/',
        local: 'http://localhost:8787',
        broken: 'not a url',
      },
      vars: { UPSTREAM: 'ws://feed.example.com', NOTE: 'see http docs' },
    };
    expect(rules(evaluateSecurityRules({ environment: 'production', ...input }))).toEqual(
      [
        'critical insecure-url urls.api',
        'critical local-url urls.db',
        'critical url-credentials urls.hook',
        'critical invalid-url urls.broken',
        'critical insecure-url urls.local',
        'critical local-url urls.local',
        'critical local-url urls.private',
        'critical insecure-url vars.UPSTREAM',
      ].sort(byPath),
    );
    const staging = evaluateSecurityRules({ environment: 'staging', ...input });
    expect(staging.every((f) => f.severity === 'high')).toBe(true);
    expect(evaluateSecurityRules({ environment: 'development', ...input })).toEqual([]);
  });

  it('flags debug and security-disabling switches', () => {
    const input = {
      vars: { DEBUG: 'true', LOG_LEVEL: 'debug', VERBOSE: 'false' },
      flags: { skipAuth: true, devMode: 1, allowAllOrigins: '*', tracing: false },
    };
    expect(rules(evaluateSecurityRules({ environment: 'production', ...input }))).toEqual([
      'critical insecure-flag flags.allowAllOrigins',
      'critical insecure-flag flags.skipAuth',
      'high debug-flag flags.devMode',
      'high debug-flag vars.DEBUG',
      'high debug-flag vars.LOG_LEVEL',
    ]);
    expect(rules(evaluateSecurityRules({ environment: 'development', ...input }))).toEqual([
      'warning insecure-flag flags.allowAllOrigins',
      'warning insecure-flag flags.skipAuth',
    ]);
  });

  it('never puts a value in a message or remediation', () => {
    const values = ['changeme-please-0001', 'http://user:hunter22@db.internal/x', 'sk_live_abcdef123456'];
    const findings = evaluateSecurityRules({
      environment: 'production',
      secrets: { A: values[0] },
      urls: { B: values[1] },
      vars: { C_SECRET: values[2] },
    });
    expect(findings.length).toBeGreaterThan(3);
    const text = JSON.stringify(findings);
    for (const v of [...values, 'hunter22', 'changeme']) expect(text).not.toContain(v);
  });

  it('names bad input', () => {
    expect(() => evaluateSecurityRules({ environment: '' })).toThrow(
      /environment must be a non-empty string/,
    );
    expect(() => evaluateSecurityRules({ environment: 'production', secrets: [] as never })).toThrow(
      /secrets must be an object/,
    );
    expect(() => evaluateSecurityRules({ environment: 'production', secrets: { A: 5 as never } })).toThrow(
      /secrets\.A must be a string/,
    );
    expect(() => evaluateSecurityRules({ environment: 'x', level: 'prod' as never })).toThrow(
      /level must be one of/,
    );
  });
});

describe('levels and blocking', () => {
  it('maps names to levels, custom ones to staging unless told', () => {
    expect(environmentLevel('production')).toBe('production');
    expect(environmentLevel('Prod')).toBe('production');
    expect(environmentLevel('dev')).toBe('development');
    expect(environmentLevel('canary')).toBe('staging');
    expect(environmentLevel('canary', 'production')).toBe('production');
  });

  it('critical blocks production only', () => {
    const findings = evaluateSecurityRules({ environment: 'production', secrets: { S: 'changeme' } });
    expect(blocksDeployment(findings, 'production')).toBe(true);
    expect(blocksDeployment(findings, 'staging')).toBe(false);
    expect(blocksDeployment(findings, 'eu-live', 'production')).toBe(true);
    const high = evaluateSecurityRules({ environment: 'production', vars: { DEBUG: 'true' } });
    expect(high.map((f) => f.severity)).toEqual(['high']);
    expect(blocksDeployment(high, 'production')).toBe(false);
  });
});

function byPath(a: string, b: string): number {
  const [x, y] = [a.split(' ')[2]!, b.split(' ')[2]!];
  return x < y ? -1 : x > y ? 1 : 0;
}
