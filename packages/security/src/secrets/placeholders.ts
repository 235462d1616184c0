import { matchesWildcard } from './wildcard.js';

/**
 * Values people leave in config by mistake, as whole-value, case-insensitive wildcard patterns.
 * Each pattern pins at least six characters from a random secret's alphabet (or a character such as
 * `<`, `{`, `:` or a space that base64url and hex never produce), so a generated secret matches one
 * with a probability far below one in a billion.
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
  'dummy',
  'dummy-*',
  'dummy_*',
  'dummy *',
  '*-dummy-*',
  '*_dummy_*',
  '*not-a-real*',
  '*notarealsecret*',
  '<*>',
  '{{*}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal shape of an unexpanded variable.
  '${*}',
  'xxx',
  'xxxxxx*',
  '\\*\\*\\*',
  'todo',
  'todo:*',
  'todo *',
  'tbd',
  'fixme',
  'fixme:*',
  'fixme *',
  'secret',
  'secret1*',
  'mysecret*',
  'supersecret*',
  'password*',
  'passw0rd*',
  'pass',
  'admin',
  'admin1*',
  'administrator*',
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
