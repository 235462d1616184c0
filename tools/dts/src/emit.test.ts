import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emitDeclarations } from './emit.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

type Files = Record<string, string>;

const sound: Files = {
  'package.json': JSON.stringify({ name: '@fixture/pkg', type: 'module' }),
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      strict: true,
      module: 'ESNext',
      moduleResolution: 'Bundler',
      target: 'ES2023',
      noEmit: true,
    },
    include: ['src'],
  }),
  'tsup.config.ts':
    "export default { entry: { index: 'src/index.ts', 'tools/cli': 'src/entries/cli.ts', bin: 'src/bin.ts' } };\n",
  'src/index.ts': "export { greet } from './greet.js';\nexport type { Options } from './model/types.js';\n",
  'src/greet.ts': [
    "import type { Options } from './model/types.js';",
    "import { shout } from './shout.js';",
    'export function greet(o: Options): string {',
    '  return shout(o.name);',
    '}',
  ].join('\n'),
  // Used only inside a function body: its declarations are not needed by any published type.
  'src/shout.ts': 'export const shout = (s: string) => s.toUpperCase();\n',
  'src/model/types.ts': 'export interface Options { name: string }\n',
  'src/entries/cli.ts':
    "export default function run(args: string[]): number {\n  return args.length;\n}\nexport const VERSION: string = '1';\n",
  'src/bin.ts': "#!/usr/bin/env node\nimport run from './entries/cli.js';\nrun(process.argv);\n",
  'src/greet.test.ts': "import { greet } from './greet.js';\n",
};

function write(files: Files): void {
  dir = mkdtempSync(join(tmpdir(), 'clodo-dts-fixture-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

const read = (path: string) => readFileSync(join(dir, path), 'utf8');

describe('emitDeclarations', () => {
  it('writes each needed declaration at its source path, and entry files for renamed entries', async () => {
    write(sound);
    const result = await emitDeclarations(dir);
    expect(result.problems).toEqual([]);
    expect(result.written).toEqual([
      'bin.d.ts',
      'entries/cli.d.ts',
      'greet.d.ts',
      'index.d.ts',
      'model/types.d.ts',
      'tools/cli.d.ts',
    ]);
    expect(read('dist/greet.d.ts')).toContain('export declare function greet(o: Options): string;');
    expect(read('dist/index.d.ts')).toContain('export type { Options } from "./model/types.js";');
    expect(existsSync(join(dir, 'dist/shout.d.ts'))).toBe(false);
    expect(existsSync(join(dir, 'dist/greet.test.d.ts'))).toBe(false);
    expect(read('dist/tools/cli.d.ts')).toBe(
      "export * from '../entries/cli.js';\nexport { default } from '../entries/cli.js';\n",
    );
    expect(read('dist/bin.d.ts')).not.toContain('#!');
  });

  it('reads a tsup config that imports values (loaded from its file)', async () => {
    write({
      ...sound,
      'tsup.config.ts':
        "import { join } from 'node:path';\nexport default { entry: { index: join('src', 'index.ts') } };\n",
    });
    const result = await emitDeclarations(dir);
    expect(result.problems).toEqual([]);
    expect(result.written).toEqual(['greet.d.ts', 'index.d.ts', 'model/types.d.ts']);
  });

  it('writes to another directory when asked', async () => {
    write(sound);
    const result = await emitDeclarations(dir, { outDir: 'out/types' });
    expect(result.problems).toEqual([]);
    expect(existsSync(join(dir, 'out/types/index.d.ts'))).toBe(true);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  it('names the file and position of a declaration that needs an explicit type, and writes nothing', async () => {
    write({ ...sound, 'src/greet.ts': 'export function greet(name: string) {\n  return name;\n}\n' });
    const result = await emitDeclarations(dir);
    expect(result.written).toEqual([]);
    expect(result.problems).toEqual([
      expect.stringMatching(
        /^src\/greet\.ts\(1,17\): TS9007: Function must have an explicit return type annotation/,
      ),
    ]);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });

  it('refuses declarations importing something that is not a .ts source under src/', async () => {
    write({
      ...sound,
      'src/model/types.ts':
        "import type manifest from '../../package.json';\nexport interface Options { name: string; pkg: typeof manifest }\n",
    });
    const result = await emitDeclarations(dir);
    expect(result.problems).toEqual([
      expect.stringContaining('src/model/types.ts: its declarations import "../../package.json"'),
    ]);
  });

  it('refuses declarations importing a source without its .js name', async () => {
    write({ ...sound, 'src/index.ts': "export { greet } from './greet';\n" });
    const result = await emitDeclarations(dir);
    expect(result.problems).toEqual([
      expect.stringContaining('src/index.ts: its declarations import "./greet", which names no .ts file'),
    ]);
  });

  it('refuses an entry whose source is missing or outside src/', async () => {
    write({ ...sound, 'tsup.config.ts': "export default { entry: { index: 'lib/index.ts' } };\n" });
    const result = await emitDeclarations(dir);
    expect(result.problems).toEqual([expect.stringContaining('tsup entry "index" names lib/index.ts')]);
  });

  it('refuses an entry name that would overwrite the declaration of a source file', async () => {
    write({
      ...sound,
      'tsup.config.ts': "export default { entry: { index: 'src/index.ts', greet: 'src/entries/cli.ts' } };\n",
      'src/index.ts': "export { greet } from './greet.js';\n",
    });
    const result = await emitDeclarations(dir);
    expect(result.problems).toEqual([expect.stringContaining('tsup entry "greet" would write greet.d.ts')]);
  });
});
