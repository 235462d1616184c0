import { parse as dotenvParse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { generateJwtSecret } from '../secrets/generate.js';
import { dotenvValues, parseDotenv, quoteValue, serializeDotenv } from './dotenv.js';

describe('dotenv', () => {
  it('parses the forms wrangler reads', () => {
    const text = [
      '# comment',
      'PLAIN=value # trailing comment',
      'export EXPORTED = spaced  ',
      "SINGLE='lit\\n #x'",
      'DOUBLE="line1\\nline2"',
      'BACKTICK=`it\'s "both"`',
      "MULTI='first",
      "second'",
      'EMPTY=',
      'URL=https://x.example.com/#frag',
      '',
    ].join('\n');
    const values = dotenvValues(parseDotenv(text));
    expect(Object.fromEntries(values)).toEqual({
      PLAIN: 'value',
      EXPORTED: 'spaced',
      SINGLE: 'lit\\n #x',
      DOUBLE: 'line1\nline2',
      BACKTICK: 'it\'s "both"',
      MULTI: 'first\nsecond',
      EMPTY: '',
      URL: 'https://x.example.com/',
    });
  });

  it('keeps comments and layout when rewriting', () => {
    const text = '# keep me\nA=1\n\n# and me\nB=2\n';
    const segments = parseDotenv(text);
    expect(serializeDotenv(segments)).toBe("# keep me\nA='1'\n\n# and me\nB='2'\n");
  });

  it('round-trips awkward values exactly', () => {
    const values = ['plain', "it's", 'say "hi"', 'multi\nline', 'ends\\', ' padded ', '#hash', '$HOME'];
    for (const value of values) {
      const text = serializeDotenv([{ kind: 'entry', name: 'V', value }]);
      expect(dotenvValues(parseDotenv(text)).get('V'), JSON.stringify(value)).toBe(value);
    }
  });

  it('writes files that dotenv 16.3.1 (the reader bundled in wrangler) reads back exactly', () => {
    const values: Record<string, string> = {
      A: 'plain',
      B: "it's",
      C: 'say "hi"',
      D: 'multi\nline',
      E: 'ends\\',
      F: ' padded ',
      G: '#hash # more',
      H: generateJwtSecret(),
      I: 'back\\slash\\n-literal',
      J: '',
    };
    const text = serializeDotenv(
      Object.entries(values).map(([name, value]) => ({ kind: 'entry' as const, name, value })),
    );
    expect(dotenvParse(text)).toEqual(values);
    expect(Object.fromEntries(dotenvValues(parseDotenv(text)))).toEqual(values);
  });

  it('reads what dotenv reads for hand-written files', () => {
    const text = 'A=1 # c\nB="x\\ny"\nC=\'q\\\'\nexport D = d \nE=`multi\nline`\n';
    expect(Object.fromEntries(dotenvValues(parseDotenv(text)))).toEqual(dotenvParse(text));
  });

  it('refuses values it cannot write, naming the secret only', () => {
    expect(() => quoteValue('TOKEN', 'a\'b`c"d')).toThrow(/TOKEN cannot be written/);
    expect(() => quoteValue('TOKEN', ' x\\')).toThrow(/TOKEN/);
  });

  it('reports malformed lines by number without values', () => {
    expect(() => parseDotenv('A=1\nthis is not an entry\n', 'svc/.dev.vars')).toThrow(
      /^svc\/\.dev\.vars:2: expected NAME=value/,
    );
    expect(() => parseDotenv("A=1\nB='never closed\n")).toThrow(
      /\.dev\.vars:2: the value of B opens a ' quote/,
    );
    expect(() => parseDotenv('A="x" trailing-secret-text\n')).toThrow(
      /^\.dev\.vars:1: the value of A opens a " quote that is not closed/,
    );
  });
});
