import { relative } from 'node:path';
import { CliError, UsageError } from '../errors.js';
import type { CommandContext } from '../program.js';
import { confirmProduction } from './confirm.js';
import { loadProject } from '../project/load.js';
import { selectService } from '../project/services.js';
import { selectEnvironment } from '../project/units.js';
import { deleteFromDeployed, listDeployed, type PushedSecrets, pushToDeployed } from '../secrets/deployed.js';
import { openLocalStore } from '../secrets/local-file.js';
import { readSecretValue } from '../secrets/read-value.js';

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KINDS = ['api-key', 'jwt', 'hex'] as const;

function secretName(value: string | undefined): string {
  if (!value || !SECRET_NAME.test(value) || value.length > 256) {
    throw new UsageError(
      `invalid secret name ${JSON.stringify(value ?? '')}: use letters, digits and _, not starting with a digit (e.g. API_KEY)`,
    );
  }
  return value;
}

/** Project, environment, service and its local store: what every secrets command starts from. */
async function open(ctx: CommandContext) {
  const project = await loadProject(ctx.io.cwd, ctx.options.config as string | undefined);
  const environment = selectEnvironment(project, ctx.options.env);
  const { service, dir } = selectService(project, ctx.io.cwd, ctx.options.service as string | undefined);
  const store = await openLocalStore(dir, environment, (text) => ctx.out.note(text));
  const selection = { environment, service: service.name, target: ctx.options.target, env: ctx.io.env };
  // Writing a production worker's secrets needs a yes, like a deploy does.
  if (ctx.options.target !== undefined && ctx.args.length > 0) {
    await confirmProduction(ctx, environment, `change ${ctx.args[0]} on the ${environment} workers`);
  }
  return { project, environment, service, store, selection, file: relative(project.root, store.path) };
}

async function generateValue(name: string, kind: unknown, service: string): Promise<string> {
  const picked = kind ?? (/JWT/i.test(name) ? 'jwt' : /API_?KEY/i.test(name) ? 'api-key' : 'hex');
  if (!(KINDS as readonly unknown[]).includes(picked)) {
    throw new UsageError(`--kind must be one of ${KINDS.join(', ')} (got ${JSON.stringify(kind)})`);
  }
  const security = await import('@clodo/security');
  if (picked === 'jwt') return security.generateJwtSecret();
  if (picked === 'api-key') return security.generateApiKey(service.replaceAll('-', '_').slice(0, 32));
  return security.generateSecret(32);
}

function describePush(ctx: CommandContext, pushed: PushedSecrets[] | undefined): void {
  for (const p of pushed ?? []) {
    const what = [...p.created.map((n) => `${n} created`), ...p.updated.map((n) => `${n} updated`)];
    ctx.out.line(`  ${p.worker}: ${what.join(', ') || 'unchanged'}`);
  }
}

/** `secrets list`: names only, from the local file and, with --target, from the deployed workers. */
export async function list(ctx: CommandContext): Promise<void> {
  const { project, environment, service, store, selection, file } = await open(ctx);
  const local = await store.list();
  const deployed = ctx.options.target !== undefined ? await listDeployed(project, selection) : undefined;
  ctx.out.result(
    { service: service.name, environment, file, names: local, ...(deployed ? { deployed } : {}) },
    () => {
      ctx.out.line(
        `${service.name} @ ${environment} (${file}): ${local.length ? local.join(', ') : 'no secrets'}`,
      );
      for (const d of deployed ?? []) {
        const missing = local.filter((n) => !d.names.includes(n));
        ctx.out.line(`  ${d.worker}: ${d.names.length ? d.names.join(', ') : 'no secrets'}`);
        if (missing.length) ctx.out.line(`    not deployed yet: ${missing.join(', ')}`);
      }
    },
  );
}

/**
 * Writes one value into the local store, pushes it to the deployed workers when `--target` is given,
 * and reports name and length only (`done` is the human line after the name).
 */
async function storeAndReport(
  ctx: CommandContext,
  opened: Awaited<ReturnType<typeof open>>,
  name: string,
  value: string,
  done: string,
): Promise<void> {
  const { project, environment, service, store, selection, file } = opened;
  await store.set(name, value);
  const pushed =
    ctx.options.target !== undefined
      ? await pushToDeployed(project, selection, { [name]: value })
      : undefined;
  ctx.out.result(
    { service: service.name, environment, file, name, length: value.length, ...(pushed ? { pushed } : {}) },
    () => {
      ctx.out.line(`${ctx.out.color.green('✓')} ${name} ${done}`);
      describePush(ctx, pushed);
    },
  );
}

/** `secrets set NAME`: the value from stdin (or a hidden prompt), into the local file and optionally the target. */
export async function set(ctx: CommandContext): Promise<void> {
  const name = secretName(ctx.args[0]);
  const opened = await open(ctx);
  const value = await readSecretValue(name, ctx.io.stdin, ctx.out, Boolean(ctx.options.yes));
  await storeAndReport(ctx, opened, name, value, `set in ${opened.file} (${value.length} characters)`);
}

/** `secrets generate NAME`: a strong random value, written where `set` would write; never printed. */
export async function generate(ctx: CommandContext): Promise<void> {
  const name = secretName(ctx.args[0]);
  const opened = await open(ctx);
  const { store, service, file } = opened;
  if ((await store.get(name)) !== undefined && !ctx.options.force) {
    throw new CliError(
      `${name} already exists in ${file}; rotate it with \`clodo secrets rotate ${name}\` or pass --force`,
    );
  }
  const value = await generateValue(name, ctx.options.kind, service.name);
  await storeAndReport(
    ctx,
    opened,
    name,
    value,
    `generated into ${file} (${value.length} characters, not shown)`,
  );
}

/**
 * `secrets rotate NAME`: a new value replaces the current one, which moves to `NAME_PREVIOUS` so both
 * are accepted while clients switch; `--complete` later drops the previous value.
 */
export async function rotate(ctx: CommandContext): Promise<void> {
  const name = secretName(ctx.args[0]);
  const { project, environment, service, store, selection, file } = await open(ctx);
  const previousName = `${name}_PREVIOUS`;
  if (ctx.options.complete) {
    const had = (await store.list()).includes(previousName);
    await store.delete(previousName);
    const workers =
      ctx.options.target !== undefined ? await deleteFromDeployed(project, selection, previousName) : [];
    ctx.out.result(
      {
        service: service.name,
        environment,
        file,
        name,
        removed: had ? [previousName] : [],
        removedFrom: workers,
      },
      () => {
        ctx.out.line(
          had
            ? `${ctx.out.color.green('✓')} ${previousName} removed from ${file}`
            : `no ${previousName} in ${file}`,
        );
        for (const w of workers) ctx.out.line(`  removed from ${w}`);
        if (ctx.options.target === undefined) {
          ctx.out.line(
            `  deployed workers keep it until \`clodo secrets rotate ${name} --complete --target <target>\``,
          );
        }
      },
    );
    return;
  }
  if ((await store.get(name)) === undefined) {
    throw new CliError(`${name} is not set in ${file}; create it with \`clodo secrets generate ${name}\``);
  }
  const { rotateSecret } = await import('@clodo/security');
  const rotation = await rotateSecret(store, name, () => generateValue(name, ctx.options.kind, service.name));
  const values: Record<string, string> = { [name]: rotation.value };
  const previous = await store.get(previousName);
  if (previous !== undefined) values[previousName] = previous;
  let pushed: PushedSecrets[] | undefined;
  if (ctx.options.target !== undefined) {
    try {
      pushed = await pushToDeployed(project, selection, values);
    } catch (error) {
      // The deployed worker still has the old value: put it back locally too, so both agree.
      await rotation.rollback();
      throw error;
    }
  }
  ctx.out.result(
    {
      service: service.name,
      environment,
      file,
      name,
      previousName: rotation.previousName ?? null,
      length: rotation.value.length,
      ...(pushed ? { pushed } : {}),
    },
    () => {
      ctx.out.line(`${ctx.out.color.green('✓')} ${name} rotated in ${file} (new value not shown)`);
      ctx.out.line(
        `  the previous value stays valid as ${previousName} until \`clodo secrets rotate ${name} --complete\``,
      );
      describePush(ctx, pushed);
    },
  );
}
