import type { ConfigProblem } from '../errors.js';

/** Where a JSON.parse error points, as line and column, read from V8's "at position N" message. */
function location(text: string, message: string): string {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return `line ${lineColumn[1]}, column ${lineColumn[2]}`;
  const position = /position (\d+)/.exec(message);
  if (!position) return '';
  const offset = Number(position[1]);
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
}

/** Parses JSON config text; a syntax error becomes one problem with its line and column. */
export function parseJsonConfig(
  text: string,
): { ok: true; value: unknown } | { ok: false; problem: ConfigProblem } {
  try {
    const value: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    // `$schema` lets editors validate the file; it is not part of the model.
    if (value && typeof value === 'object' && !Array.isArray(value) && '$schema' in value) {
      const { $schema: _schema, ...rest } = value as Record<string, unknown>;
      return { ok: true, value: rest };
    }
    return { ok: true, value };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const where = location(text, message);
    const reason = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '');
    return {
      ok: false,
      problem: {
        path: '',
        message: `invalid JSON${where ? ` at ${where}` : ''}: ${reason}`,
        hint: 'check for trailing commas, missing quotes around keys, or comments (JSON allows none)',
      },
    };
  }
}
