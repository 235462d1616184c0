import { createServer } from 'node:net';
import { type DevWorker, prepareDevConfig, removeDevSecrets } from '../dev/dev-config.js';
import { runWrangler, startWranglerDev } from '../dev/wrangler-process.js';
import { CliError, EXIT } from '../errors.js';
import type { CommandContext } from '../program.js';
import { loadProject } from '../project/load.js';
import { selectService } from '../project/services.js';
import { selectEnvironment } from '../project/units.js';
import { integerOption } from './integer-option.js';

/** A free loopback port, for `--port 0`. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * `clodo dev`: serves one service locally with `wrangler dev` on loopback, with the bindings its
 * clodo.config declares (local D1, KV, R2, queues, Durable Objects), its local secrets file and its D1
 * migrations applied first. Runs until SIGINT or SIGTERM, then stops wrangler and workerd and exits 0.
 */
export async function run({ options, out, io }: CommandContext): Promise<number> {
  const project = await loadProject(io.cwd, options.config as string | undefined);
  const environment = selectEnvironment(project, options.env);
  const { service } = selectService(project, io.cwd, options.service as string | undefined);
  const requested = integerOption('--port', options.port, { min: 0, max: 65535, fallback: 8787 });
  const port = requested === 0 ? await freePort() : requested;
  const setup = await prepareDevConfig(project, service, environment);
  const [primary] = setup.workers as [DevWorker, ...DevWorker[]];
  const { resolveWranglerBin } = await import('@clodo/deployment');
  const wrangler = {
    bin: resolveWranglerBin(),
    cwd: primary.serviceDir,
    homeDir: setup.homeDir,
    baseEnv: io.env,
  };

  const migrated: string[] = [];
  for (const worker of setup.workers) {
    for (const database of Object.values(worker.databases)) {
      out.progress(`applying migrations to the local ${database}…`);
      await runWrangler({ ...wrangler, cwd: worker.serviceDir }, [
        'd1',
        'migrations',
        'apply',
        database,
        '--local',
        '--persist-to',
        setup.persistDir,
        '--config',
        worker.configPath,
      ]);
      migrated.push(database);
    }
  }

  out.progress(`starting ${setup.workers.map((w) => w.service).join(', ')} with wrangler dev…`);
  // The first config is the worker served on the port; the others answer its service bindings.
  const args = [
    ...setup.workers.flatMap((w) => ['--config', w.configPath]),
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--persist-to',
    setup.persistDir,
    '--show-interactive-dev-session=false',
  ];
  let server: Awaited<ReturnType<typeof startWranglerDev>>;
  try {
    server = await startWranglerDev(wrangler, args, (line) => {
      if (!out.json) io.stderr.write(`${line}\n`);
    });
  } catch (error) {
    removeDevSecrets(setup);
    throw error;
  }

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void server.stop();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  out.result(
    {
      service: service.name,
      environment,
      url: server.url,
      pid: server.pid,
      workers: setup.workers.map((w) => w.workerName),
      migrated,
    },
    () => {
      out.line(`${out.color.green('✓')} ${service.name} (${environment}) on ${server.url}`);
      for (const w of setup.workers.slice(1)) out.line(`  with ${w.service} behind its service binding`);
      if (migrated.length) out.line(`  local D1 migrated: ${migrated.join(', ')}`);
      const withSecrets = setup.workers.filter((w) => w.secretsFile).map((w) => w.service);
      if (withSecrets.length) out.line(`  local secrets of: ${withSecrets.join(', ')}`);
      out.line('  press Ctrl+C to stop');
    },
  );

  const code = await server.exited;
  removeDevSecrets(setup);
  process.removeListener('SIGINT', stop);
  process.removeListener('SIGTERM', stop);
  if (stopping) {
    out.note('stopped');
    return EXIT.ok;
  }
  await server.stop();
  throw new CliError(`wrangler dev stopped on its own (exit ${code})`);
}
