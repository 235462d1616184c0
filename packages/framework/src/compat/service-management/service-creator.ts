import { join } from 'node:path';
import { main } from '@clodo/cli';
import { FrameworkError, FrameworkErrorCode } from '../../errors.js';
import { capturedIo } from './captured-io.js';
import { SERVICE_TYPE_NAMES, SERVICE_TYPES, type ServiceType } from './service-types.js';

export interface CreateServiceOptions {
  /** Service type (default `generic`); see `ServiceCreator.listTypes()`. */
  type?: ServiceType;
  /** Target directory, relative to `cwd` (default `./<name>`). */
  dir?: string;
  /** The old option: parent directory; the service goes to `<output>/<name>`. Ignored when `dir` is given. */
  output?: string;
  /** Write into a non-empty directory, replacing the files the template owns. */
  force?: boolean;
}

export interface CreatedService {
  name: string;
  type: ServiceType;
  /** Absolute path of the project. */
  dir: string;
  /** Files written, relative to `dir`. */
  files: string[];
}

/**
 * The old `ServiceCreator`, running `clodo create` in-process: the same templates, validation and
 * all-or-nothing write. Nothing is prompted for.
 */
export class ServiceCreator {
  readonly #cwd: string;
  readonly #env: NodeJS.ProcessEnv;

  /** `cwd` anchors relative directories; `env` is what the command sees (default: none of the process's). */
  constructor(options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
    this.#cwd = options.cwd ?? process.cwd();
    this.#env = options.env ?? {};
  }

  listTypes(): { type: ServiceType; summary: string }[] {
    return SERVICE_TYPE_NAMES.map((type) => ({ type, summary: SERVICE_TYPES[type] }));
  }

  /** The old accessor: the type names. */
  getServiceTypes(): ServiceType[] {
    return [...SERVICE_TYPE_NAMES];
  }

  isServiceTypeAvailable(type: string): type is ServiceType {
    return (SERVICE_TYPE_NAMES as readonly string[]).includes(type);
  }

  async createService(name: string, options: CreateServiceOptions = {}): Promise<CreatedService> {
    const type = options.type ?? 'generic';
    if (!this.isServiceTypeAvailable(type)) {
      throw new FrameworkError(
        FrameworkErrorCode.INVALID_ARGUMENT,
        `ServiceCreator: unknown type ${JSON.stringify(type)}; valid types: ${SERVICE_TYPE_NAMES.join(', ')}`,
      );
    }
    if (typeof name !== 'string' || name === '' || name.startsWith('-')) {
      throw new FrameworkError(
        FrameworkErrorCode.INVALID_ARGUMENT,
        `ServiceCreator: invalid service name ${JSON.stringify(name)}`,
      );
    }
    const argv = ['create', name, '--type', type, '--yes', '--json'];
    const dir = options.dir ?? (options.output !== undefined ? join(options.output, name) : undefined);
    if (dir !== undefined) argv.push('--dir', dir);
    if (options.force) argv.push('--force');
    const run = capturedIo(this.#cwd, this.#env);
    const code = await main(argv, run.io);
    let document: Record<string, unknown> | undefined;
    try {
      document = JSON.parse(run.stdout()) as Record<string, unknown>;
    } catch {
      document = undefined;
    }
    if (code !== 0 || !document || document.ok === false) {
      const reason =
        (typeof document?.error === 'string' ? document.error : '') ||
        run
          .stderr()
          .replace(/^error /, '')
          .trim() ||
        `exit ${code}`;
      throw new FrameworkError(FrameworkErrorCode.CREATE_FAILED, `clodo create ${name}: ${reason}`);
    }
    return document as unknown as CreatedService;
  }
}
