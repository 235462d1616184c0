import { readLayout } from './layout.ts';
import { checkStructure } from './structure.ts';
import { runAttw, runPublint } from './tools.ts';

export { listSourceFiles, readLayout, reachableFrom, type PackageLayout } from './layout.ts';
export { checkStructure } from './structure.ts';

export interface CheckOptions {
  /** Run publint and attw after the structural checks (default true). */
  tools?: boolean;
}

/** Every packaging problem of the package in `dir`, each message naming the cause. Empty when it is sound. */
export async function checkPackage(dir: string, options: CheckOptions = {}): Promise<string[]> {
  const layout = await readLayout(dir);
  const problems = checkStructure(layout);
  if (options.tools !== false && problems.length === 0) {
    problems.push(...(await runPublint(dir)), ...runAttw(dir));
  }
  return problems;
}
