import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { builders, generateCode, type ProxifiedModule, parseModule } from 'magicast';
import { getDefaultExportOptions } from 'magicast/helpers';
import { CliError } from '../errors.js';

// magicast proxies read and write like plain objects; this is the shape the edits rely on.
// biome-ignore lint/suspicious/noExplicitAny: a syntax-tree proxy has no static shape
export type Tree = any;

/** recast drops the final newline of a file it reprints; keep the file's own convention. */
function keepFinalNewline(original: string, text: string): string {
  return original.endsWith('\n') && !text.endsWith('\n') ? `${text}\n` : text;
}

/** A raw code expression for a property value (a function, an identifier). */
export const code = (source: string): Tree => builders.raw(source);

/** Same text, same meaning: a fresh file or one whose edit produced identical text is not rewritten. */
export interface EditableFile {
  path: string;
  /** The text as it was read (undefined: the file does not exist yet). */
  original: string | undefined;
  render(): string;
}

/**
 * `clodo.config.ts`/`.mjs`/`.js` (its `export default defineConfig({...})`) or `clodo.config.json`, opened
 * for edits that keep comments and formatting of everything they do not touch.
 */
export class EditableConfig implements EditableFile {
  readonly original: string;
  readonly root: Tree;
  readonly #module: ProxifiedModule | undefined;

  constructor(readonly path: string) {
    this.original = readFileSync(path, 'utf8');
    if (extname(path) === '.json') {
      this.root = JSON.parse(this.original);
      return;
    }
    try {
      this.#module = parseModule(this.original);
      this.root = getDefaultExportOptions(this.#module);
    } catch (error) {
      throw new CliError(
        `cannot edit ${path} automatically (${(error as Error).message}); its default export must be defineConfig({ ... }) or an object literal`,
      );
    }
  }

  /** The service entry (an object literal in the `services` array) named `name`. */
  service(name: string): Tree {
    const services = this.root.services;
    const found = Array.isArray(services) || services?.$type === 'array' ? [...services] : [];
    const entry = found.find((s: Tree) => s && s.name === name);
    if (!entry) {
      throw new CliError(
        `cannot find service "${name}" as an object literal in the services array of ${this.path}; edit it by hand`,
      );
    }
    return entry;
  }

  render(): string {
    if (!this.#module) {
      // Unchanged data keeps the file's own formatting; a change is written in the usual 2-space style.
      const same = JSON.stringify(JSON.parse(this.original)) === JSON.stringify(this.root);
      return same ? this.original : `${JSON.stringify(this.root, null, 2)}\n`;
    }
    return keepFinalNewline(this.original, generateCode(this.#module, { quote: 'single' }).code);
  }
}

/** A service's entry module, whose default export is `createService({ ... })`. */
export class EditableServiceModule implements EditableFile {
  readonly original: string;
  readonly #module: ProxifiedModule;

  constructor(readonly path: string) {
    this.original = readFileSync(path, 'utf8');
    try {
      this.#module = parseModule(this.original);
    } catch (error) {
      throw new CliError(`cannot parse ${path}: ${(error as Error).message}`);
    }
  }

  /** The options object of the default-exported `createService({...})` call. */
  serviceOptions(): Tree {
    const exported = this.#module.exports.default as Tree;
    if (exported?.$type !== 'function-call' || exported.$callee !== 'createService') {
      throw new CliError(
        `cannot edit ${this.path} automatically: its default export is not createService({ ... }); make the change by hand`,
      );
    }
    const options = exported.$args[0];
    if (options?.$type !== 'object') {
      throw new CliError(
        `cannot edit ${this.path} automatically: createService is not called with an object literal`,
      );
    }
    return options;
  }

  /** Adds `import { name } from 'from'` unless that binding is already imported. */
  importNamed(name: string, from: string): void {
    const imports = this.#module.imports as Tree;
    if (imports[name]) return;
    imports.$append({ from, imported: name, local: name });
  }

  /** Whether the module re-exports something from `from` (e.g. a Durable Object class). */
  reExports(from: string): boolean {
    return (this.#module.$ast as Tree).body.some(
      (n: Tree) => n.type === 'ExportNamedDeclaration' && n.source?.value === from,
    );
  }

  /** Appends `export { name } from 'from'`. */
  addReExport(name: string, from: string): void {
    const statement = (parseModule(`export { ${name} } from '${from}';\n`).$ast as Tree).body[0];
    (this.#module.$ast as Tree).body.push(statement);
  }

  render(): string {
    return keepFinalNewline(this.original, generateCode(this.#module, { quote: 'single' }).code);
  }
}

/** A file the edit creates whole (a model, a Durable Object class); never overwrites an existing one. */
export class NewFile implements EditableFile {
  readonly original = undefined;
  constructor(
    readonly path: string,
    readonly text: string,
  ) {}
  render(): string {
    return this.text;
  }
}
