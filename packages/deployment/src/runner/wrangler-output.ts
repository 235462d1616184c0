import type { WranglerOutputEntry } from './command-runner.js';

/** Parses wrangler's ND-JSON output file; a torn last line (killed process) is skipped. */
export function parseOutputFile(text: string): WranglerOutputEntry[] {
  const entries: WranglerOutputEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value = JSON.parse(line) as unknown;
      if (value && typeof value === 'object' && typeof (value as { type?: unknown }).type === 'string') {
        entries.push(value as WranglerOutputEntry);
      }
    } catch {
      // An incomplete line is what a killed wrangler leaves; the rest is still valid.
    }
  }
  return entries;
}

/** Cloudflare API error codes and statuses that mean "rate limited, try later". */
const RATE_LIMIT_CODES = new Set([429, 971, 10013, 10429, 10100]);
const RATE_LIMIT_TEXT = /\b429\b|too many requests|rate[- ]limit/i;

export function isRateLimited(message: string, code: unknown): boolean {
  if (typeof code === 'number' && RATE_LIMIT_CODES.has(code)) return true;
  return RATE_LIMIT_TEXT.test(message);
}

/**
 * Wrangler's own error message: the `command-failed` output entry when it wrote one, else the
 * `✘ [ERROR]` block from stderr/stdout, else the last non-empty line.
 */
export function wranglerErrorMessage(
  outputs: readonly WranglerOutputEntry[],
  stderr: string,
  stdout: string,
): string | undefined {
  const failed = outputs.find((entry) => entry.type === 'command-failed');
  let headline = typeof failed?.message === 'string' ? oneLine(failed.message) : '';
  let notes: string[] = [];
  for (const text of [stderr, stdout]) {
    const marker = text.indexOf('[ERROR]');
    if (marker < 0) continue;
    const [first = '', ...rest] = text.slice(marker + '[ERROR]'.length).split(/\n\s*\n/);
    if (!headline) headline = oneLine(first);
    // API failures put the cause in indented notes under a generic headline.
    notes = rest
      .filter((paragraph) => /^ {2}\S/.test(paragraph))
      .map((paragraph) => oneLine(paragraph).replace(/^✘\s*\[ERROR\]\s*/, ''))
      .filter((note) => note && !NOISE.test(note) && !headline.includes(note));
    break;
  }
  if (headline) return [headline, ...notes].join(' ');
  const lines = `${stderr}\n${stdout}`.split('\n').map((line) => line.trim());
  return lines.filter(Boolean).at(-1);
}

const NOISE = /^If you think this is a bug|^🪵|Logs were written to/;

/** Users get one line: wrangler's multi-line messages are joined. */
function oneLine(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}
