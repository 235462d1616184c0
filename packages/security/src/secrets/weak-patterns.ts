/** Words people build secrets from; matched case-insensitively after undoing common letter swaps. */
const COMMON_WORDS = [
  'password',
  'passwd',
  'secret',
  'admin',
  'letmein',
  'welcome',
  'qwerty',
  'dragon',
  'monkey',
  'master',
  'login',
  'hello',
  'shadow',
  'sunshine',
  'princess',
  'football',
  'baseball',
  'iloveyou',
  'trustno',
  'access',
  'changeme',
  'default',
  'test',
  'example',
  'sample',
  'demo',
  'dummy',
  'token',
  'apikey',
  'root',
  'user',
  'guest',
  'private',
  'public',
  'super',
  'company',
  'clodo',
  'cloudflare',
  'worker',
  'staging',
  'production',
  'prod',
  'develop',
  'local',
  'temp',
  'love',
  'money',
  'summer',
  'winter',
  'spring',
  'autumn',
  'auth',
  'key',
  'pass',
];
const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1234567890', '1qaz2wsx3edc', 'qazwsxedc'];
const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};
/** Share of the value that weak pieces must cover before the whole value counts as weak. */
const WEAK_COVERAGE = 0.5;

/**
 * Reasons `value` is built from guessable pieces, empty for random-looking values. A random secret
 * may contain a short word or run by chance; it is only flagged when such pieces make up most of it.
 */
export function findWeakPatterns(value: string): string[] {
  const reasons: string[] = [];
  if (value.length < 2) return reasons;
  const unit = /^(.{1,16}?)\1+$/su.exec(value);
  if (unit) reasons.push(`repeats a ${[...unit[1]!].length}-character sequence`);
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  const top = Math.max(...counts.values());
  if (!unit && value.length >= 4 && top / value.length >= 0.5)
    reasons.push('is mostly one repeated character');
  const covered = coverage(value);
  if (!unit && covered / value.length >= WEAK_COVERAGE) {
    reasons.push('is mostly common words, keyboard walks or character sequences');
  }
  return reasons;
}

function coverage(value: string): number {
  const lower = value.toLowerCase();
  // Each swap maps one ASCII character to another, so indexes in both strings line up.
  const normalized = lower.replace(/[013457@$]/g, (c) => LEET[c] ?? c);
  const mark = new Uint8Array(lower.length);
  const cover = (start: number, length: number) => mark.fill(1, start, start + length);
  for (const word of COMMON_WORDS) {
    for (const text of [lower, normalized]) {
      for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) cover(at, word.length);
    }
  }
  for (const row of KEYBOARD_ROWS) {
    for (let i = 0; i + 4 <= row.length; i++) {
      const walk = row.slice(i, i + 4);
      for (const w of [walk, [...walk].reverse().join('')]) {
        for (let at = lower.indexOf(w); at !== -1; at = lower.indexOf(w, at + 1)) cover(at, 4);
      }
    }
  }
  // Runs of 4+ characters that step evenly by -1, 0 or +1 (`abcd`, `4321`, `aaaa`).
  let i = 0;
  while (i < lower.length - 1) {
    const step = lower.charCodeAt(i + 1) - lower.charCodeAt(i);
    if (Math.abs(step) > 1) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j + 1 < lower.length && lower.charCodeAt(j + 1) - lower.charCodeAt(j) === step) j++;
    if (j - i + 1 >= 4) cover(i, j - i + 1);
    i = j;
  }
  return mark.reduce((sum, m) => sum + m, 0);
}
