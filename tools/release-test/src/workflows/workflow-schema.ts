import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { parse } from 'yaml';

export interface WorkflowStep {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

export interface WorkflowJob {
  'runs-on'?: unknown;
  uses?: string;
  permissions?: unknown;
  steps?: WorkflowStep[];
}

export interface WorkflowDocument {
  name?: string;
  on?: unknown;
  permissions?: unknown;
  jobs?: Record<string, WorkflowJob>;
}

export interface ParsedWorkflow {
  document: WorkflowDocument | undefined;
  problems: string[];
}

/**
 * Validates a workflow file the way GitHub's own parser does (the workflow schema from
 * @actions/workflow-parser), then checks what the runner needs of each job: a trigger, `runs-on`
 * (or a reusable `uses`), and steps that each `uses` an action or `run` a command.
 */
export async function parseWorkflowFile(fileName: string, content: string): Promise<ParsedWorkflow> {
  const parsed = parseWorkflow({ name: fileName, content }, new NoOperationTraceWriter());
  const problems = parsed.context.errors.getErrors().map((e) => `${fileName}: ${e.message}`);
  if (parsed.value && problems.length === 0) {
    const template = await convertWorkflowTemplate(parsed.context, parsed.value);
    problems.push(...(template.errors ?? []).map((e) => `${fileName}: ${e.Message}`));
  }

  let document: WorkflowDocument | undefined;
  try {
    document = parse(content) as WorkflowDocument;
  } catch (error) {
    problems.push(`${fileName}: not YAML: ${(error as Error).message}`);
    return { document: undefined, problems };
  }
  if (!document || typeof document !== 'object')
    return { document: undefined, problems: [...problems, `${fileName}: empty`] };
  if (document.on === undefined) problems.push(`${fileName}: no "on" trigger`);
  const jobs = Object.entries(document.jobs ?? {});
  if (jobs.length === 0) problems.push(`${fileName}: no jobs`);
  for (const [id, job] of jobs) {
    if (job.uses) continue;
    if (job['runs-on'] === undefined) problems.push(`${fileName}: jobs.${id} has no "runs-on"`);
    const steps = job.steps ?? [];
    if (steps.length === 0) problems.push(`${fileName}: jobs.${id} has no steps`);
    steps.forEach((step, i) => {
      if (!step.uses === !step.run) {
        problems.push(`${fileName}: jobs.${id}.steps[${i}] needs exactly one of "uses" or "run"`);
      }
    });
  }
  return { document, problems };
}

/** The steps of every job, in order. */
export function allSteps(document: WorkflowDocument): WorkflowStep[] {
  return Object.values(document.jobs ?? {}).flatMap((job) => job.steps ?? []);
}

/** Event names a workflow triggers on, whichever of the three `on` forms it uses. */
export function triggerNames(document: WorkflowDocument): string[] {
  const on = document.on;
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  return on && typeof on === 'object' ? Object.keys(on) : [];
}
