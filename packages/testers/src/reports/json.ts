import type { SuiteResult } from '../suite/result.js';

export function renderJsonReport(result: SuiteResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
