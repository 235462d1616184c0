import { resolve } from 'node:path';
import type { CommandContext } from '../program.js';
import { integerOption } from './integer-option.js';

function stateDirOf({ options, io }: CommandContext): string {
  return resolve(io.cwd, (options.stateDir as string | undefined) ?? '.clodo/emulator');
}

/** The emulator's own token stays in its state file; output shows that one exists, never its value. */
function publicInfo<T extends { apiToken?: string }>(info: T): Omit<T, 'apiToken'> & { apiToken?: string } {
  const { apiToken, ...rest } = info;
  return apiToken === undefined ? rest : { ...rest, apiToken: '***' };
}

export async function start(ctx: CommandContext): Promise<void> {
  const { startDaemon } = await import('@clodo/emulator');
  const port = integerOption('--port', ctx.options.port, { min: 0, max: 65535, fallback: 0 });
  ctx.out.progress('starting the local Cloudflare emulator…');
  const info = await startDaemon({ stateDir: stateDirOf(ctx), port });
  ctx.out.result({ running: true, ...publicInfo(info) }, () => {
    ctx.out.line(`${ctx.out.color.green('✓')} emulator running (pid ${info.pid}) at ${info.apiBaseUrl}`);
    ctx.out.line(`  state: ${info.stateDir}`);
    ctx.out.line('  stop it with: clodo emulator stop');
  });
}

export async function stop(ctx: CommandContext): Promise<void> {
  const { stopDaemon } = await import('@clodo/emulator');
  const { stopped } = await stopDaemon(stateDirOf(ctx));
  ctx.out.result({ stopped, stateDir: stateDirOf(ctx) }, () =>
    ctx.out.line(
      stopped
        ? `${ctx.out.color.green('✓')} emulator stopped`
        : 'no emulator was running for this state directory',
    ),
  );
}

export async function status(ctx: CommandContext): Promise<void> {
  const { daemonStatus } = await import('@clodo/emulator');
  const s = await daemonStatus(stateDirOf(ctx));
  ctx.out.result(publicInfo(s as typeof s & { apiToken?: string }), () => {
    if (s.running) ctx.out.line(`running (pid ${s.pid}) at ${s.apiBaseUrl}, started ${s.startedAt}`);
    else ctx.out.line(`not running (state: ${s.stateDir})`);
  });
}
