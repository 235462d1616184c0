import type { CommandContext } from '../program.js';

export interface CommandModule {
  /** Resolves to the exit code when it is not 0 (a failure reported as the command's result); anything but a number means 0. */
  run(ctx: CommandContext): Promise<unknown>;
}

export interface OptionSpec {
  flags: string;
  description: string;
  choices?: string[];
  default?: unknown;
}

/** A command's surface, declared here so `clodo --help` loads no command code. */
export interface CommandSpec {
  name: string;
  summary: string;
  args?: { syntax: string; description: string }[];
  options?: OptionSpec[];
  subcommands?: CommandSpec[];
  /** Loads the command's code; absent for a command that only groups subcommands. */
  load?: () => Promise<CommandModule>;
}

const SERVICE_TYPES = ['data-service', 'api-gateway', 'auth-service', 'static-site', 'generic'];

export const COMMANDS: CommandSpec[] = [
  {
    name: 'create',
    summary: 'scaffold a service that builds, passes its own tests and deploys with no edit',
    args: [
      { syntax: '<name>', description: 'service name: lowercase letters, digits and "-", e.g. orders-api' },
    ],
    options: [
      { flags: '-t, --type <type>', description: 'service type', choices: SERVICE_TYPES },
      { flags: '-d, --dir <dir>', description: 'target directory (default: ./<name>)' },
      { flags: '-f, --force', description: 'write into a non-empty directory' },
      { flags: '-y, --yes', description: 'never prompt; fail when something is missing' },
    ],
    load: () => import('./create.js'),
  },
  {
    name: 'add',
    summary:
      'add a feature to a service: edits clodo.config.ts and the code; running it twice changes nothing',
    args: [
      {
        syntax: '<feature>',
        description: 'd1, kv, r2, queue, cron, durable-object, service, auth:api-key or auth:jwt',
      },
    ],
    options: [
      {
        flags: '-s, --service <name>',
        description: 'the service (default: the one in this folder, or the only one)',
      },
      {
        flags: '--binding <NAME>',
        description: 'binding name (defaults: DB, CACHE, FILES, QUEUE, COUNTER, the service name)',
      },
      { flags: '--cron <expression>', description: 'cron: five-field expression (default "*/15 * * * *")' },
      { flags: '--to <service>', description: 'service: the service to bind to' },
      { flags: '--class <Name>', description: 'durable-object: class name (default Counter)' },
      { flags: '--name <name>', description: 'queue, r2 or cron job name' },
      { flags: '-c, --config <file>', description: 'config file (default: clodo.config.* in this folder)' },
      { flags: '-y, --yes', description: 'never prompt (add never prompts; accepted for scripts)' },
    ],
    load: () => import('./add.js'),
  },
  {
    name: 'dev',
    summary: 'serve a service locally (wrangler dev on 127.0.0.1) with its bindings, secrets and migrated D1',
    options: [
      {
        flags: '-s, --service <name>',
        description: 'the service (default: the one in this folder, or the only one)',
      },
      {
        flags: '-e, --env <name>',
        description: 'environment whose bindings and vars are used (default: development)',
      },
      { flags: '-p, --port <port>', description: 'loopback port (default 8787; 0 picks a free one)' },
      { flags: '-c, --config <file>', description: 'config file (default: clodo.config.* in this folder)' },
    ],
    load: () => import('./dev.js'),
  },
  {
    name: 'validate',
    summary: 'check the configuration and the security rules of every environment (nothing is changed)',
    options: [
      { flags: '-e, --env <name>', description: 'only this environment' },
      {
        flags: '-c, --config <file>',
        description: 'config file (default: clodo.config.ts/.mjs/.json found upwards)',
      },
    ],
    load: () => import('./validate.js'),
  },
  {
    name: 'db',
    summary: 'D1 migrations: generate them from the models, apply them, list them, back databases up',
    subcommands: [
      {
        name: 'generate',
        summary: 'write the next migration from the models in src/models.ts (existing files never change)',
        options: [
          { flags: '-s, --service <name>', description: 'only this service (default: this folder, or all)' },
          { flags: '--name <name>', description: 'file name suffix (default: init, then update)' },
          {
            flags: '--models <file>',
            description: 'module exporting the models, in the service folder (default src/models.ts)',
          },
          {
            flags: '-c, --config <file>',
            description: 'config file (default: clodo.config.* in this folder)',
          },
        ],
        load: async () => ({ run: (await import('./db.js')).generate }),
      },
      ...(['migrate', 'status', 'backup'] as const).map((name) => ({
        name,
        summary: {
          migrate: 'create missing databases and apply pending migrations through wrangler',
          status: 'applied and pending migrations of each database',
          backup: 'export each database (schema and data) to .clodo/backups/',
        }[name],
        options: [
          { flags: '-e, --env <name>', description: 'environment (default: development, else the first)' },
          { flags: '-s, --service <name...>', description: 'only these services' },
          { flags: '--customer <name...>', description: "only these customers' databases" },
          {
            flags: '-t, --target <target>',
            description: "where (default: the environment's `target` in the config; development is local)",
            choices: ['local', 'cloudflare'],
          },
          ...(name === 'migrate'
            ? [
                {
                  flags: '-y, --yes',
                  description: 'never prompt (needed for production when not on a terminal)',
                },
              ]
            : []),
          {
            flags: '-c, --config <file>',
            description: 'config file (default: clodo.config.* in this folder)',
          },
        ],
        load: async () => ({ run: (await import('./db.js'))[name] }),
      })),
    ],
  },
  {
    name: 'secrets',
    summary:
      'secrets in the local .dev.vars files and on deployed workers; values only via stdin, never printed',
    subcommands: (['generate', 'set', 'list', 'rotate'] as const).map((name) => ({
      name,
      summary: {
        generate: 'generate a strong value for NAME into the local secrets file (never printed)',
        set: 'set NAME from stdin (or a hidden prompt on a terminal); never from an argument',
        list: 'names of the secrets, locally and (with --target) on the deployed workers',
        rotate: 'replace NAME with a new value, keeping the old one as NAME_PREVIOUS until --complete',
      }[name],
      ...(name === 'list' ? {} : { args: [{ syntax: '<NAME>', description: 'secret name, e.g. API_KEY' }] }),
      options: [
        { flags: '-e, --env <name>', description: 'environment (default: development, else the first)' },
        {
          flags: '-s, --service <name>',
          description: 'the service (default: the one in this folder, or the only one)',
        },
        {
          flags: '-t, --target <target>',
          description: 'also read/write the deployed workers there',
          choices: ['local', 'cloudflare'],
        },
        ...(name === 'generate' || name === 'rotate'
          ? [
              {
                flags: '--kind <kind>',
                description: 'api-key, jwt or hex (default: from the name)',
                choices: ['api-key', 'jwt', 'hex'],
              },
            ]
          : []),
        ...(name === 'generate' ? [{ flags: '-f, --force', description: 'replace an existing value' }] : []),
        ...(name === 'rotate'
          ? [{ flags: '--complete', description: 'drop NAME_PREVIOUS once clients use the new value' }]
          : []),
        {
          flags: '-y, --yes',
          description:
            name === 'set'
              ? 'never prompt: the value must come on stdin; confirms a production --target'
              : 'never prompt (needed with a production --target when not on a terminal)',
        },
        { flags: '-c, --config <file>', description: 'config file (default: clodo.config.* in this folder)' },
      ],
      load: async () => ({ run: (await import('./secrets.js'))[name] }),
    })),
  },
  {
    name: 'emulator',
    summary: 'run the local Cloudflare emulator in the background (the `local` deployment target)',
    subcommands: [
      {
        name: 'start',
        summary: 'start it (or report the one already serving this state directory)',
        options: [
          { flags: '--port <port>', description: 'API port (default: any free port)' },
          { flags: '--state-dir <dir>', description: 'state directory', default: '.clodo/emulator' },
        ],
        load: async () => ({ run: (await import('./emulator.js')).start }),
      },
      {
        name: 'stop',
        summary: 'stop it',
        options: [{ flags: '--state-dir <dir>', description: 'state directory', default: '.clodo/emulator' }],
        load: async () => ({ run: (await import('./emulator.js')).stop }),
      },
      {
        name: 'status',
        summary: 'whether it runs, where, and since when',
        options: [{ flags: '--state-dir <dir>', description: 'state directory', default: '.clodo/emulator' }],
        load: async () => ({ run: (await import('./emulator.js')).status }),
      },
    ],
  },
  {
    name: 'deploy',
    summary: 'deploy services (migrations, secrets, health checks) with automatic rollback on failure',
    options: [
      { flags: '-e, --env <name>', description: 'environment (default: development, else the first)' },
      { flags: '-s, --service <name...>', description: 'only these services (repeat or comma-separate)' },
      { flags: '--customer <name...>', description: "only these customers' units" },
      {
        flags: '-t, --target <target>',
        description:
          "where to deploy (default: the environment's `target` in the config; development is local)",
        choices: ['local', 'cloudflare'],
      },
      { flags: '--concurrency <n>', description: 'units deployed at once (default 2)' },
      {
        flags: '--policy <policy>',
        description: 'when a unit fails',
        choices: ['stop', 'continue', 'rollback-all'],
        default: 'rollback-all',
      },
      {
        flags: '--dry-run',
        description: 'change nothing; print every command and API call a real run would make',
      },
      { flags: '-y, --yes', description: 'never prompt (needed for production when not on a terminal)' },
      { flags: '-c, --config <file>', description: 'config file (default: clodo.config.* found upwards)' },
    ],
    load: () => import('./deploy.js'),
  },
  {
    name: 'status',
    summary: 'what is deployed per unit: live version, URL and health',
    options: [
      { flags: '-e, --env <name>', description: 'environment (default: development, else the first)' },
      { flags: '-s, --service <name...>', description: 'only these services' },
      {
        flags: '-t, --target <target>',
        description:
          "where to look (default: the environment's `target` in the config; development is local)",
        choices: ['local', 'cloudflare'],
      },
      { flags: '-c, --config <file>', description: 'config file (default: clodo.config.* found upwards)' },
    ],
    load: () => import('./status.js'),
  },
  {
    name: 'rollback',
    summary: 'restore the previous (or a named) version of deployed services and check their health',
    options: [
      { flags: '-e, --env <name>', description: 'environment (default: development, else the first)' },
      { flags: '-s, --service <name...>', description: 'only these services (default: every unit)' },
      { flags: '--customer <name...>', description: "only these customers' units" },
      {
        flags: '--to <version>',
        description: 'version id to restore (default: the one before the live one)',
      },
      {
        flags: '-t, --target <target>',
        description: "where (default: the environment's `target` in the config; development is local)",
        choices: ['local', 'cloudflare'],
      },
      { flags: '-y, --yes', description: 'never prompt (needed for production when not on a terminal)' },
      { flags: '-c, --config <file>', description: 'config file (default: clodo.config.* found upwards)' },
    ],
    load: () => import('./rollback.js'),
  },
  {
    name: 'audit',
    summary: 'list deployment runs, or print the audit records of one run',
    options: [
      { flags: '-r, --run <id>', description: 'the run (deployment id) to print' },
      { flags: '-n, --limit <n>', description: 'runs listed (default 20, newest first)' },
      { flags: '-c, --config <file>', description: 'config file (default: clodo.config.* found upwards)' },
    ],
    load: () => import('./audit.js'),
  },
  {
    name: 'test',
    summary: 'run the production test suite against deployed URLs; reports in JSON, JUnit and HTML',
    options: [
      { flags: '-u, --url <url>', description: 'test this URL instead of the deployed units' },
      {
        flags: '-e, --env <name>',
        description: 'environment whose deployed units are tested (default: development)',
      },
      { flags: '-s, --service <name...>', description: 'only these services' },
      {
        flags: '--suite <phases>',
        description: 'comma-separated: api,auth,database,performance,load',
        default: 'api,auth,database,performance',
      },
      { flags: '--report-dir <dir>', description: 'where reports go', default: 'reports' },
      {
        flags: '-t, --target <target>',
        description:
          "where the units run (default: the environment's `target` in the config; development is local)",
        choices: ['local', 'cloudflare'],
      },
      { flags: '-c, --config <file>', description: 'config file (default: clodo.config.* found upwards)' },
    ],
    load: () => import('./test.js'),
  },
];
