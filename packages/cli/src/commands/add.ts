import { addFeature } from '../add/add-feature.js';
import type { CommandContext } from '../program.js';

/** `clodo add <feature>`: config and code edits for one service, idempotent. */
export async function run({ args, options, out, io }: CommandContext): Promise<void> {
  const [feature] = args;
  out.progress(`adding ${feature}…`);
  const result = await addFeature({
    feature: feature!,
    cwd: io.cwd,
    configFile: options.config as string | undefined,
    service: options.service as string | undefined,
    options: {
      binding: options.binding as string | undefined,
      cron: options.cron as string | undefined,
      to: options.to as string | undefined,
      className: options.class as string | undefined,
      name: options.name as string | undefined,
    },
    note: (text) => out.note(text),
  });
  out.result(result, () => {
    if (!result.changed) {
      out.line(`${result.feature} is already set up for ${result.service}; nothing changed`);
      return;
    }
    out.line(`${out.color.green('✓')} added ${result.feature} to ${result.service}`);
    for (const f of result.files) out.line(`  ${f.action.padEnd(7)} ${f.path}`);
    for (const name of result.secrets)
      out.line(`  secret  ${name} generated into .dev.vars (value not shown)`);
    if (result.migration?.skipped) out.line(`  migrations: ${result.migration.skipped}`);
    for (const n of result.notes) out.line(`  note: ${n}`);
  });
}
