import { describe, expect, it } from 'vitest';
import { evaluateSecurityRules } from '../rules/evaluate.js';
import { estimateEntropy } from './entropy.js';
import { generateApiKey, generateJwtSecret, generateSecret, generateServiceKeys } from './generate.js';
import { matchPlaceholder } from './placeholders.js';
import { checkKeyStrength } from './strength.js';
import { findWeakPatterns } from './weak-patterns.js';
import { matchesWildcard } from './wildcard.js';

describe('generation', () => {
  it('makes prefixed 256-bit API keys, all different', () => {
    const keys = new Set(Array.from({ length: 200 }, () => generateApiKey('orders_live')));
    expect(keys.size).toBe(200);
    for (const key of keys) expect(key).toMatch(/^orders_live_[0-9a-f]{64}$/);
  });

  it('rejects a bad prefix, naming it', () => {
    expect(() => generateApiKey('Bad Prefix')).toThrow(/prefix must match/);
    expect(() => generateApiKey('')).toThrow(/prefix/);
  });

  it('makes JWT secrets of at least 64 random bytes', () => {
    const secret = generateJwtSecret();
    expect(Buffer.from(secret, 'base64url')).toHaveLength(64);
    expect(Buffer.from(generateJwtSecret(96), 'base64url')).toHaveLength(96);
    expect(() => generateJwtSecret(32)).toThrow(/at least|from 64/);
    expect(generateSecret()).toMatch(/^[0-9a-f]{64}$/);
  });

  it('makes independent keys per service', () => {
    const keys = generateServiceKeys(['orders', 'billing-api']);
    expect(keys.orders!.apiKey).toMatch(/^orders_[0-9a-f]{64}$/);
    expect(keys['billing-api']!.apiKey).toMatch(/^billing_api_[0-9a-f]{64}$/);
    expect(keys.orders!.jwtSecret).not.toBe(keys['billing-api']!.jwtSecret);
    expect(() => generateServiceKeys(['orders', 'orders'])).toThrow(/services\[1\] repeats/);
    expect(() => generateServiceKeys(['Orders'])).toThrow(/services\[0\]/);
  });
});

describe('wildcards', () => {
  it.each([
    ['changeme*', 'changeme', true],
    ['changeme*', 'ChangeMe123', true],
    ['changeme*', 'xchangeme', false],
    ['*example*', 'my-example-key', true],
    ['*example*', 'exampl', false],
    ['your-*-here', 'your-api-key-here', true],
    ['your-*-here', 'your--here', true],
    ['your-*-here', 'your-key-here-now', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['*', '', true],
    ['a*b*c', 'aXbYbZc', true],
    ['a*b*c', 'aXcYb', false],
    ['\\*\\*\\*', '***', true],
    ['\\*\\*\\*', 'abc', false],
    ['a\\?', 'ab', false],
  ])('%s vs %s → %s', (pattern, value, expected) => {
    expect(matchesWildcard(pattern, value)).toBe(expected);
  });

  it('no placeholder pattern matches 10 000 generated secrets', () => {
    for (let i = 0; i < 10_000; i++) {
      const value = i % 2 ? generateJwtSecret() : generateSecret(24);
      expect(matchPlaceholder(value)).toBeUndefined();
    }
  });

  it('stays fast on adversarial input', () => {
    const started = performance.now();
    expect(matchesWildcard('*a*a*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('finds placeholders and leaves real values alone', () => {
    for (const v of [
      'changeme',
      'CHANGEME-later',
      'your-secret-here',
      'your_api_key_here',
      '<token>',
      'xxxxxxxx',
      'password123',
      'sk-example-123',
      'TODO',
    ]) {
      expect(matchPlaceholder(v), v).toBeDefined();
    }
    for (const v of [generateApiKey('test'), generateJwtSecret(), 'orders-service-production']) {
      expect(matchPlaceholder(v), v).toBeUndefined();
    }
  });
});

describe('entropy and strength', () => {
  it('scores random values high and repetitive values low', () => {
    expect(estimateEntropy('')).toBe(0);
    expect(estimateEntropy('aaaaaaaaaaaaaaaa')).toBe(0);
    expect(estimateEntropy('abababababababab')).toBeLessThanOrEqual(16);
    expect(estimateEntropy(generateSecret(32))).toBeGreaterThan(200);
    expect(estimateEntropy(generateJwtSecret())).toBeGreaterThan(400);
  });

  it('finds weak patterns', () => {
    expect(findWeakPatterns('abcabcabcabc')).toEqual(['repeats a 3-character sequence']);
    expect(findWeakPatterns('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab')).toContain(
      'is mostly one repeated character',
    );
    expect(findWeakPatterns('P@ssw0rd-qwerty-12345678-admin!!')).toContain(
      'is mostly common words, keyboard walks or character sequences',
    );
    expect(findWeakPatterns('abcdefghijklmnopqrstuvwxyz012345')).not.toEqual([]);
    expect(findWeakPatterns(generateJwtSecret())).toEqual([]);
  });

  it('checkKeyStrength gives reasons without the value', () => {
    const weak = checkKeyStrength('changeme');
    expect(weak.ok).toBe(false);
    expect(weak.reasons.length).toBeGreaterThanOrEqual(2);
    expect(weak.reasons.join(' ')).not.toContain('changeme');
    const strong = checkKeyStrength(generateApiKey('orders'));
    expect(strong).toMatchObject({ ok: true, reasons: [] });
    expect(() => checkKeyStrength(42 as unknown as string)).toThrow(/value must be a string/);
  });

  it('1000 generated secrets produce no finding in production', () => {
    const secrets: Record<string, string> = {};
    for (let i = 0; i < 1000; i++) {
      const kind = i % 4;
      secrets[`SECRET_${i}`] =
        kind === 0
          ? generateApiKey('svc')
          : kind === 1
            ? generateJwtSecret()
            : kind === 2
              ? generateSecret()
              : generateSecret(24);
    }
    const findings = evaluateSecurityRules({ environment: 'production', secrets });
    expect(findings).toEqual([]);
    for (const value of Object.values(secrets)) expect(checkKeyStrength(value).ok).toBe(true);
  });
});
