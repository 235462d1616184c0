import {
  type ClodoWorker,
  createService,
  type Model,
  type ModelHooks,
  mergeHooks,
  type ServiceOptions,
  withHooks,
} from '@clodo/services';
import { FrameworkError, FrameworkErrorCode } from '../../errors.js';

/** Options a module manager builds a service from: `auth` may come from a module instead. */
export type ModuleServiceOptions = Omit<ServiceOptions, 'auth'> & { auth?: ServiceOptions['auth'] };

/** A named hook of the old API (`'pre-deployment'`, `'post-deployment'`, …), run by `executeHooks`. */
export type NamedHook = (context: Record<string, unknown>) => unknown;

/**
 * A pluggable piece of a service. Every part is optional; a module contributes what it declares, in the
 * order modules were registered, and only while it is enabled.
 */
export interface ServiceModule {
  readonly name: string;
  readonly version?: string;
  /** Returns the service options with this module's part applied (auth, CORS, rate limit, routes, checks). */
  configure?(options: ModuleServiceOptions): ModuleServiceOptions;
  /** Model lifecycle hooks added after each model's own (they may change input or veto with a `ServiceError`). */
  modelHooks?: ModelHooks;
  /** Runs on every response the built service returns (headers, for example). */
  onResponse?(response: Response, request: Request): Response | Promise<Response>;
  /** Named hooks for `executeHooks`. */
  hooks?: Readonly<Record<string, NamedHook>>;
}

export interface ModuleInfo {
  name: string;
  version: string | undefined;
  enabled: boolean;
}

export interface HookRun {
  module: string;
  success: boolean;
  result?: unknown;
  error?: string;
}

export interface HookExecution {
  hookName: string;
  results: HookRun[];
  successful: number;
  failed: number;
}

const MODULE_NAME = /^[a-z][a-z0-9-]{0,62}$/;

function bad(message: string): FrameworkError {
  return new FrameworkError(FrameworkErrorCode.INVALID_ARGUMENT, message);
}

function checkModule(module: ServiceModule): void {
  if (module === null || typeof module !== 'object') throw bad('ModuleManager: a module must be an object');
  if (typeof module.name !== 'string' || !MODULE_NAME.test(module.name)) {
    throw bad(
      `ModuleManager: module name ${JSON.stringify(module.name)} must be lowercase letters, digits and "-"`,
    );
  }
  for (const key of ['configure', 'onResponse'] as const) {
    if (module[key] !== undefined && typeof module[key] !== 'function') {
      throw bad(`ModuleManager: module "${module.name}": ${key} must be a function`);
    }
  }
  for (const [hook, fn] of Object.entries(module.hooks ?? {})) {
    if (typeof fn !== 'function')
      throw bad(`ModuleManager: module "${module.name}": hooks.${hook} must be a function`);
  }
}

/**
 * The old module registry, over the @clodo/services runtime: modules (auth, CORS, rate limiting, security,
 * your own) are registered once, enabled or disabled, and applied when a service is built.
 */
export class ModuleManager {
  readonly #modules = new Map<string, ServiceModule>();
  readonly #disabled = new Set<string>();

  /**
   * Registers a module, enabled. The old two-argument form `registerModule(name, module)` is accepted too.
   * Registering a name twice is an error: disable the first, or use another name.
   */
  registerModule(moduleOrName: ServiceModule | string, definition?: Omit<ServiceModule, 'name'>): this {
    const module: ServiceModule =
      typeof moduleOrName === 'string' ? { ...(definition ?? {}), name: moduleOrName } : moduleOrName;
    checkModule(module);
    if (this.#modules.has(module.name)) {
      throw new FrameworkError(
        FrameworkErrorCode.DUPLICATE_MODULE,
        `ModuleManager: a module named "${module.name}" is already registered`,
      );
    }
    this.#modules.set(module.name, module);
    return this;
  }

  hasModule(name: string): boolean {
    return this.#modules.has(name);
  }

  getModule(name: string): ServiceModule {
    const module = this.#modules.get(name);
    if (module === undefined) {
      const known = [...this.#modules.keys()].join(', ') || 'none';
      throw new FrameworkError(
        FrameworkErrorCode.UNKNOWN_MODULE,
        `ModuleManager: unknown module "${name}" (registered: ${known})`,
      );
    }
    return module;
  }

  enable(name: string): this {
    this.getModule(name);
    this.#disabled.delete(name);
    return this;
  }

  disable(name: string): this {
    this.getModule(name);
    this.#disabled.add(name);
    return this;
  }

  isEnabled(name: string): boolean {
    return this.#modules.has(name) && !this.#disabled.has(name);
  }

  listModules(): ModuleInfo[] {
    return [...this.#modules.values()].map((m) => ({
      name: m.name,
      version: m.version,
      enabled: !this.#disabled.has(m.name),
    }));
  }

  /** The old accessor: every registered module by name, enabled or not. */
  getAllModules(): Map<string, ServiceModule> {
    return new Map(this.#modules);
  }

  /** Enabled modules in registration order. */
  get enabledModules(): ServiceModule[] {
    return [...this.#modules.values()].filter((m) => !this.#disabled.has(m.name));
  }

  /** The model with every enabled module's lifecycle hooks appended to its own. */
  applyToModel<M extends Model>(model: M): M {
    const hooks = this.enabledModules.reduce<ModelHooks>(
      (all, m) => (m.modelHooks ? mergeHooks(all, m.modelHooks) : all),
      {},
    );
    return withHooks(model, hooks) as M;
  }

  /** The service options after every enabled module's `configure`, models carrying the modules' hooks. */
  serviceOptions(base: ModuleServiceOptions): ServiceOptions {
    let options: ModuleServiceOptions = { ...base };
    for (const module of this.enabledModules) {
      if (!module.configure) continue;
      const next = module.configure(options);
      if (next === null || typeof next !== 'object') {
        throw bad(`ModuleManager: module "${module.name}": configure must return the service options`);
      }
      options = next;
    }
    return {
      ...options,
      auth: options.auth as ServiceOptions['auth'],
      models: (options.models ?? []).map((m) => this.applyToModel(m)),
    };
  }

  /** Builds the Worker with every enabled module applied (createService of @clodo/services). */
  createService(base: ModuleServiceOptions): ClodoWorker {
    const worker = createService(this.serviceOptions(base));
    const decorators = this.enabledModules.flatMap((m) => (m.onResponse ? [m.onResponse.bind(m)] : []));
    if (decorators.length === 0) return worker;
    return {
      ...worker,
      fetch: async (request, env, ctx) => {
        let response = await worker.fetch(request, env, ctx);
        for (const decorate of decorators) response = await decorate(response, request);
        return response;
      },
    };
  }

  /**
   * Runs the named hook of every enabled module in registration order. A failing hook is recorded (its
   * message only) and the next one still runs, unless `stopOnError`.
   */
  async executeHooks(
    hookName: string,
    context: Record<string, unknown> = {},
    options: { stopOnError?: boolean } = {},
  ): Promise<HookExecution> {
    const results: HookRun[] = [];
    for (const module of this.enabledModules) {
      const hook = module.hooks?.[hookName];
      if (!hook) continue;
      try {
        results.push({
          module: module.name,
          success: true,
          result: await hook({ ...context, module: module.name }),
        });
      } catch (error) {
        results.push({
          module: module.name,
          success: false,
          error: error instanceof Error ? error.message : String(error),
        });
        if (options.stopOnError) break;
      }
    }
    const failed = results.filter((r) => !r.success).length;
    return { hookName, results, successful: results.length - failed, failed };
  }
}
