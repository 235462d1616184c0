import { describe, expect, it } from 'vitest';
import { hasDefaultExport, moduleSpecifiers, relativeSpecifiers } from './declarations.ts';

describe('moduleSpecifiers', () => {
  it('finds imports, re-exports and import types, never text inside strings or comments', () => {
    const declaration = [
      "import type { A } from './a.js';",
      'import { B, type C } from "../b/c.js";',
      "export * from './d.js';",
      "export { e as f } from 'pkg/sub';",
      "import './side.js';",
      "export declare const g: typeof import('./g.js').G;",
      '/** Not an import: from "./comment.js" */',
      '// import x from "./line-comment.js";',
      'export declare const HELP = "copy it from \\"./string.js\\"";',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a template literal type, as declaration text
      "export type T = `from './template.js' ${string}`;",
      'export interface Range { from: "./property.js"; }',
    ].join('\n');
    expect(moduleSpecifiers(declaration)).toEqual([
      './a.js',
      '../b/c.js',
      './d.js',
      'pkg/sub',
      './side.js',
      './g.js',
    ]);
    expect(relativeSpecifiers(declaration)).not.toContain('pkg/sub');
  });
});

describe('hasDefaultExport', () => {
  it.each([
    ['export default function run(): void;', true],
    ['declare const x: number;\nexport { x as default };', true],
    ["export { default } from './a.js';", true],
    ["export { a, default as b } from './a.js';", false],
    ["export * from './a.js';\nexport declare const d: string;", false],
    ['/** export default is described here */\nexport declare const d: string;', false],
  ])('%s → %s', (declaration, expected) => {
    expect(hasDefaultExport(declaration)).toBe(expected);
  });
});
