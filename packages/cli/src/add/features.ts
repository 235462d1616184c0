import type { ServiceConfig } from '@clodo/config';
import { UsageError } from '../errors.js';
import { code, type EditableServiceModule, type Tree } from './editable.js';

/** What a feature edits; every method is idempotent (it changes nothing when the thing is there). */
export interface FeatureContext {
  service: ServiceConfig;
  /** Names of every service of the project. */
  services: readonly string[];
  /** The service's entry in clodo.config (a syntax-tree proxy or plain JSON). */
  entry: Tree;
  /** The service's entry module, opened on first use. */
  module(): EditableServiceModule;
  /** Creates `relativePath` under the service folder with `text` unless it exists; true when created. */
  createFile(relativePath: string, text: string): boolean;
  /** Puts a generated secret into the service's `.dev.vars` unless it is there. */
  localSecret(name: string, kind: 'api-key' | 'jwt'): void;
  /** Regenerate migrations from the models after the files are written. */
  generateMigrations(): void;
  note(text: string): void;
  options: FeatureOptions;
}

export interface FeatureOptions {
  binding?: string;
  cron?: string;
  to?: string;
  className?: string;
  name?: string;
}

export interface Feature {
  summary: string;
  apply(ctx: FeatureContext): void;
}

function list(parent: Tree, key: string): Tree {
  if (parent[key] === undefined) parent[key] = [];
  return parent[key];
}

function features(entry: Tree): Tree {
  if (entry.features === undefined) entry.features = {};
  return entry.features;
}

const items = (array: Tree): Tree[] => (array === undefined ? [] : [...array]);

/** Adds `{ name, kind }` to createService's `bindings`, so a missing binding fails with a clear error. */
function guardBinding(ctx: FeatureContext, name: string, kind: string): void {
  const options = ctx.module().serviceOptions();
  const present = items(options.bindings).some((b) => b === name || b?.name === name);
  if (!present) list(options, 'bindings').push({ name, kind });
}

const BINDING = /^[A-Z][A-Z0-9_]*$/;

function bindingName(ctx: FeatureContext, fallback: string): string {
  const binding = ctx.options.binding ?? fallback;
  if (!BINDING.test(binding)) {
    throw new UsageError(
      `--binding must be an upper-case name like ${fallback} (letters, digits, "_"), got ${JSON.stringify(binding)}`,
    );
  }
  return binding;
}

const resource = (ctx: FeatureContext, fallback: string): string => {
  const name = ctx.options.name ?? fallback;
  if (!/^[a-z][a-z0-9-]{0,40}$/.test(name)) {
    throw new UsageError(`--name must be lowercase letters, digits and "-" (got ${JSON.stringify(name)})`);
  }
  return name;
};

const NOTES_MODEL = `import { defineModel } from '@clodo/services';

export const notes = defineModel({
  name: 'notes',
  fields: {
    title: { type: 'text', required: true, maxLength: 200 },
    body: { type: 'text', maxLength: 10000 },
  },
  timestamps: true,
});
`;

const d1: Feature = {
  summary: 'a D1 database (binding DB) with models in src/models.ts and generated migrations',
  apply(ctx) {
    const binding = bindingName(ctx, 'DB');
    const databases = items(ctx.entry.features?.d1);
    if (!databases.some((d) => d.binding === binding)) list(features(ctx.entry), 'd1').push({ binding });
    if (binding !== 'DB') {
      ctx.note(
        `${binding} is bound; createService serves its models from DB unless you pass database: '${binding}'`,
      );
      return;
    }
    const options = ctx.module().serviceOptions();
    if (options.models === undefined) {
      if (ctx.createFile('src/models.ts', NOTES_MODEL)) {
        ctx.note('src/models.ts has an example model, notes: edit it, then run `clodo db generate`');
      }
      ctx.module().importNamed('notes', './models.js');
      options.models = code('[notes]');
    }
    ctx.generateMigrations();
  },
};

const kv: Feature = {
  summary: 'a KV namespace (binding CACHE)',
  apply(ctx) {
    const binding = bindingName(ctx, 'CACHE');
    if (!items(ctx.entry.features?.kv).some((k) => k.binding === binding)) {
      list(features(ctx.entry), 'kv').push({ binding });
    }
    guardBinding(ctx, binding, 'kv');
  },
};

const r2: Feature = {
  summary: 'an R2 bucket (binding FILES)',
  apply(ctx) {
    const binding = bindingName(ctx, 'FILES');
    const bucket = resource(ctx, `${ctx.service.name}-files`.slice(0, 40));
    if (!items(ctx.entry.features?.r2).some((b) => b.binding === binding)) {
      list(features(ctx.entry), 'r2').push({ binding, bucket });
    }
    guardBinding(ctx, binding, 'r2');
  },
};

const queue: Feature = {
  summary: 'a queue producer (binding QUEUE) for sending background work',
  apply(ctx) {
    const binding = bindingName(ctx, 'QUEUE');
    const name = resource(ctx, 'jobs');
    const f = features(ctx.entry);
    if (f.queues === undefined) f.queues = {};
    if (!items(f.queues.producers).some((p) => p.binding === binding)) {
      list(f.queues, 'producers').push({ binding, queue: name });
    }
    guardBinding(ctx, binding, 'queue');
    ctx.note(`send with env.${binding}.send(body); consume it from a service with features.queues.consumers`);
  },
};

const CRON = /^(\S+\s+){4}\S+$/;

const cron: Feature = {
  summary: 'a scheduled job (cron trigger, default every 15 minutes)',
  apply(ctx) {
    const expression = ctx.options.cron ?? '*/15 * * * *';
    if (!CRON.test(expression.trim())) {
      throw new UsageError(`--cron must be a five-field cron expression like "*/15 * * * *"`);
    }
    if (!items(ctx.entry.features?.cron).includes(expression)) {
      list(features(ctx.entry), 'cron').push(expression);
    }
    const options = ctx.module().serviceOptions();
    if (!items(options.jobs).some((job) => job?.cron === expression)) {
      const name = resource(ctx, `job-${items(options.jobs).length + 1}`);
      list(options, 'jobs').push(
        code(`{
      name: '${name}',
      cron: '${expression}',
      run: async (env) => {
        // Runs on every '${expression}' trigger; a throw marks the run failed.
        console.log(JSON.stringify({ job: '${name}', environment: env.CLODO_ENVIRONMENT }));
      },
    }`),
      );
    }
  },
};

const durableObject: Feature = {
  summary: 'a Durable Object class (Counter, binding COUNTER) exported from the entry module',
  apply(ctx) {
    const className = ctx.options.className ?? 'Counter';
    if (!/^[A-Z][A-Za-z0-9]*$/.test(className)) {
      throw new UsageError(`--class must be a PascalCase class name (got ${JSON.stringify(className)})`);
    }
    const binding = bindingName(ctx, className.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase());
    if (!items(ctx.entry.features?.durableObjects).some((d) => d.binding === binding)) {
      list(features(ctx.entry), 'durableObjects').push({ binding, className });
    }
    const file = className.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
    ctx.createFile(`src/${file}.ts`, durableObjectClass(className));
    if (!ctx.module().reExports(`./${file}.js`)) ctx.module().addReExport(className, `./${file}.js`);
  },
};

function durableObjectClass(name: string): string {
  return `// Storage this class uses (a subset of Cloudflare's DurableObjectState).
interface State {
  storage: {
    get<T>(key: string): Promise<T | undefined>;
    put(key: string, value: unknown): Promise<void>;
  };
}

/** One instance per id, with its own storage: POST increments the count, GET reads it. */
export class ${name} {
  readonly #state: State;

  constructor(state: State) {
    this.#state = state;
  }

  async fetch(request: Request): Promise<Response> {
    let value = (await this.#state.storage.get<number>('value')) ?? 0;
    if (request.method === 'POST') {
      value += 1;
      await this.#state.storage.put('value', value);
    }
    return Response.json({ value });
  }
}
`;
}

const service: Feature = {
  summary: 'a service binding to another service of this project (--to <service>)',
  apply(ctx) {
    const to = ctx.options.to;
    const others = ctx.services.filter((s) => s !== ctx.service.name);
    if (!to || !others.includes(to)) {
      throw new UsageError(
        `add service needs --to <service>, another service of this project${others.length ? ` (one of: ${others.join(', ')})` : ', and it has no other service'}`,
      );
    }
    const binding = bindingName(ctx, to.toUpperCase().replaceAll('-', '_'));
    if (!items(ctx.entry.features?.services).some((s) => s.binding === binding)) {
      list(features(ctx.entry), 'services').push({ binding, service: to });
    }
    if (!items(ctx.entry.dependsOn).includes(to)) list(ctx.entry, 'dependsOn').push(to);
    ctx.note(`call it with env.${binding}.fetch(request); ${to} now deploys before ${ctx.service.name}`);
  },
};

function authEntry(ctx: FeatureContext, type: 'api-key' | 'jwt', secret: string): void {
  const current = ctx.entry.auth;
  if (current === undefined || current.type === 'none') {
    ctx.entry.auth =
      type === 'jwt' ? { type, secret, issuer: ctx.service.name } : { type, secret, header: 'x-api-key' };
  } else if (current.type !== type) {
    ctx.note(`clodo.config declares ${current.type} auth for ${ctx.service.name}; it is left as it is`);
  }
}

function authOptions(ctx: FeatureContext): Tree {
  const options = ctx.module().serviceOptions();
  if (options.auth === false || options.auth === undefined) options.auth = {};
  return options.auth;
}

const apiKey: Feature = {
  summary: 'API-key auth on /api (X-API-Key or Bearer), the key in secret API_KEY',
  apply(ctx) {
    authEntry(ctx, 'api-key', 'API_KEY');
    const auth = authOptions(ctx);
    if (auth.apiKeys === undefined) auth.apiKeys = { keys: 'API_KEY' };
    ctx.localSecret('API_KEY', 'api-key');
  },
};

const jwt: Feature = {
  summary: 'JWT (HS256) auth on /api, the signing key in secret JWT_SECRET',
  apply(ctx) {
    authEntry(ctx, 'jwt', 'JWT_SECRET');
    const auth = authOptions(ctx);
    if (auth.jwt === undefined) {
      auth.jwt = code(`(env) => ({ secret: String(env.JWT_SECRET ?? ''), issuer: '${ctx.service.name}' })`);
    }
    ctx.localSecret('JWT_SECRET', 'jwt');
  },
};

/** Feature names as `clodo add` accepts them. */
export type FeatureName =
  | 'd1'
  | 'kv'
  | 'r2'
  | 'queue'
  | 'cron'
  | 'durable-object'
  | 'service'
  | 'auth:api-key'
  | 'auth:jwt';

export const FEATURES: Readonly<Record<FeatureName, Feature>> = {
  d1,
  kv,
  r2,
  queue,
  cron,
  'durable-object': durableObject,
  service,
  'auth:api-key': apiKey,
  'auth:jwt': jwt,
};
export const FEATURE_LIST = Object.keys(FEATURES) as FeatureName[];
