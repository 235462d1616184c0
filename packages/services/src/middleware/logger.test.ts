import { describe, expect, it } from 'vitest';
import { writeLog } from './logger.js';

describe('writeLog', () => {
  it('masks secret-named fields and bearer credentials by default', () => {
    const lines: string[] = [];
    writeLog(
      { sink: (l) => lines.push(l) },
      {
        level: 'error',
        msg: 'upstream refused Authorization: Bearer sk_live_0123456789abcdef',
        apiKey: 'k_0123456789abcdef',
      },
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('sk_live_0123456789abcdef');
    expect(lines[0]).not.toContain('k_0123456789abcdef');
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', apiKey: '***' });
  });

  it('uses the given redact function instead', () => {
    const lines: string[] = [];
    writeLog({ sink: (l) => lines.push(l), redact: () => ({ replaced: true }) }, { level: 'info', msg: 'x' });
    expect(lines).toEqual(['{"replaced":true}']);
  });
});
