import type { ProgressEvent } from '@clodo/orchestration';
import type { Output } from '../output.js';

/** Seconds with one decimal, for human output. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

export interface StepRenderer {
  (event: ProgressEvent): void;
  /** Clears the live line and stops its timer; call when the run has ended. */
  stop(): void;
}

/**
 * A task list for an orchestration run, one line per finished step on stderr (coloured on a terminal,
 * plain otherwise, nothing under --json). Each unit's steps are timed from their `started` event. On a
 * terminal a live line below the list shows the steps running now with their elapsed time.
 */
export function stepRenderer(
  out: Output,
  unitIds: readonly string[] = [],
  now: () => number = Date.now,
): StepRenderer {
  const started = new Map<string, number>();
  const running = new Map<string, number>();
  const c = out.color;
  const width = { unit: Math.max(0, ...unitIds.map((id) => id.length)) };
  let timer: ReturnType<typeof setInterval> | undefined;
  const redraw = () => {
    if (running.size === 0) {
      out.status(undefined);
      return;
    }
    const t = now();
    out.status(`running: ${[...running].map(([key, since]) => `${key} ${seconds(t - since)}`).join(', ')}`);
  };
  const render = ((event: ProgressEvent) => {
    if (out.json) return;
    if (out.interactive && timer === undefined) {
      timer = setInterval(redraw, 200);
      timer.unref();
    }
    // Finished lines go above the live line: clear it, print, then draw what still runs.
    out.status(undefined);
    print(event);
    redraw();
  }) as StepRenderer;
  const print = (event: ProgressEvent) => {
    switch (event.type) {
      case 'unit:step': {
        const key = `${event.unit}/${event.step}`;
        if (event.outcome === 'started') {
          started.set(key, now());
          running.set(key, now());
          return;
        }
        running.delete(key);
        // A health step "succeeds" when it got an answer; the unit's state says whether it was healthy.
        if (event.step === 'health' && event.outcome === 'succeeded') return;
        const took = started.has(key) ? seconds(now() - (started.get(key) as number)) : '';
        width.unit = Math.max(width.unit, event.unit.length);
        const mark =
          event.outcome === 'succeeded' ? c.green('✓') : event.outcome === 'failed' ? c.red('✗') : c.dim('-');
        out.note(`  ${mark} ${event.unit.padEnd(width.unit)}  ${event.step.padEnd(12)} ${c.dim(took)}`);
        return;
      }
      case 'unit:state':
        if (event.state === 'succeeded')
          out.note(`  ${c.green('✓')} ${event.unit.padEnd(width.unit)}  live and healthy`);
        if (event.state === 'failed' && event.error) {
          const message = event.error.message.startsWith(`${event.unit}: `)
            ? event.error.message.slice(event.unit.length + 2)
            : event.error.message;
          out.note(`  ${c.red('✗')} ${event.unit.padEnd(width.unit)}  ${message}`);
        }
        if (event.state === 'skipped') out.note(`  ${c.dim('-')} ${event.unit}: skipped`);
        return;
      case 'compensation':
        out.note(
          `  ${event.state === 'succeeded' ? c.yellow('↺') : c.red('✗')} ${event.description}${event.state === 'failed' ? ' (failed)' : ''}`,
        );
        return;
      default:
        return;
    }
  };
  render.stop = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    running.clear();
    out.status(undefined);
  };
  return render;
}
