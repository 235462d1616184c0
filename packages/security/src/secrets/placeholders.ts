import { matchesWildcard } from './wildcard.js';

/**
 * Values people leave in config by mistake, as whole-value, case-insensitive wildcard patterns.
 * Every pattern is specific enough (a word of 4+ letters or a fixed shape) that a random secret
 * practically never matches it.
 */
export const PLACEHOLDER_PATTERNS: readonly string[] = [
  'changeme*',
  '*change-me*',
  '*change_me*',
  '*changethis*',
  '*change-this*',
  '*replaceme*',
  '*replace-me*',
  '*replace_me*',
  '*example*',
  'your-*-here',
  'your_*_here',
  'your * here',
  'your*key*',
  'your*secret*',
  'your*token*',
  'insert*here',
  'enter*here',
  'put*here',
  '*placeholder*',
  '*dummy*',
  '*not-a-real*',
  '*notarealsecret*',
  '<*>',
  '{{*}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal shape of an unexpanded variable.
  '${*}',
  'xxx*',
  '\\*\\*\\*',
  'todo*',
  'tbd',
  'fixme*',
  'secret',
  'secret1*',
  'mysecret*',
  'supersecret*',
  'password*',
  'passw0rd*',
  'pass',
  'admin*',
  'root',
  'default',
  'test',
  'testing',
  'test123*',
  'demo',
  'sample',
  'foo',
  'bar',
  'foobar',
  'none',
  'null',
  'undefined',
  'empty',
  'dev',
  'development',
  'local',
  'insecure*',
  '12345678*',
  'qwerty*',
  'letmein*',
  'welcome*',
];

/** The first placeholder pattern `value` matches, or undefined. */
export function matchPlaceholder(
  value: string,
  patterns: readonly string[] = PLACEHOLDER_PATTERNS,
): string | undefined {
  const trimmed = value.trim();
  return patterns.find((pattern) => matchesWildcard(pattern, trimmed));
}
