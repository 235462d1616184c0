import { join, resolve } from 'node:path';

/** The repository this tool belongs to. */
export const repositoryRoot: string = resolve(import.meta.dirname, '../../..');

/** The repository's own pnpm (root devDependency; its exports map hides the file), run with process.execPath. */
export const pnpmCli: string = join(repositoryRoot, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs');
