import { relative } from 'node:path';
import { createProject, SERVICE_TEMPLATES, TEMPLATE_NAMES } from '../create/project.js';
import { UsageError } from '../errors.js';
import type { CommandContext } from '../program.js';

export async function run({ args, options, out, io }: CommandContext): Promise<void> {
  const [name] = args;
  let type = options.type as string | undefined;
  if (!type) {
    if (!out.interactive || options.yes) {
      throw new UsageError(`--type is required: one of ${TEMPLATE_NAMES.join(', ')}`);
    }
    const { select, isCancel } = await import('@clack/prompts');
    const picked = await select({
      message: `What kind of service is ${name}?`,
      options: TEMPLATE_NAMES.map((t) => ({ value: t, label: t, hint: SERVICE_TEMPLATES[t].summary })),
    });
    if (isCancel(picked)) throw new UsageError('cancelled: no service type chosen');
    type = picked;
  }
  out.progress(`creating ${name} (${type})…`);
  const project = await createProject({
    name: name!,
    type,
    dir: options.dir as string | undefined,
    cwd: io.cwd,
    force: Boolean(options.force),
  });
  out.result(project, () => {
    const where = relative(io.cwd, project.dir) || '.';
    out.line(
      `${out.color.green('✓')} created ${project.name} (${project.type}) in ${where}: ${project.files.length} files`,
    );
    out.line('');
    out.line('Next:');
    out.line(`  cd ${where}`);
    out.line('  npm install');
    out.line('  npm test');
    out.line('  npx clodo deploy --env development');
  });
}
