import type { Account } from './account.js';
import { CF_CODES, CfApiError } from './envelope.js';
import { type ApiRequest, json, type Router } from './router.js';

const S = '/accounts/:accountId/workers/scripts/:name/schedules';

// Five fields (minute hour day-of-month month day-of-week), each a list of values, ranges and steps
// with the names and L/W/# modifiers Cloudflare accepts.
const CRON_FIELD = /^[0-9A-Za-z*?,/#-]+$/;

function parseSchedules(req: ApiRequest): string[] {
  let value: unknown;
  try {
    value = JSON.parse(req.body.toString('utf8') || 'null');
  } catch {
    throw new CfApiError(
      400,
      CF_CODES.BAD_REQUEST,
      'The request body must be a JSON array of { "cron" } objects',
    );
  }
  if (!Array.isArray(value)) {
    throw new CfApiError(
      400,
      CF_CODES.BAD_REQUEST,
      'The request body must be a JSON array of { "cron" } objects',
    );
  }
  return value.map((item, i) => {
    const cron = (item as { cron?: unknown } | null)?.cron;
    if (typeof cron !== 'string') {
      throw new CfApiError(400, CF_CODES.VALIDATION, `schedules[${i}].cron must be a string`);
    }
    const fields = cron.trim().split(/\s+/);
    if (fields.length !== 5 || !fields.every((f) => CRON_FIELD.test(f))) {
      throw new CfApiError(
        400,
        CF_CODES.VALIDATION,
        `schedules[${i}].cron "${cron}" is not a cron expression with five fields`,
      );
    }
    return fields.join(' ');
  });
}

/**
 * Cron triggers. `wrangler deploy` replaces a worker's schedules with a PUT whenever its config has
 * `triggers.crons` (even an empty list). They are stored and listed; the emulator does not fire them.
 */
export function schedulesRoutes(router: Router, account: Account): void {
  router.on('GET', S, (req) => {
    const script = account.requireScript(req.params.name as string);
    return json({ schedules: script.schedules ?? [] });
  });

  router.on('PUT', S, (req) =>
    account.serialize(async () => {
      const name = req.params.name as string;
      account.requireScript(name);
      const crons = parseSchedules(req);
      const now = account.timestamp();
      const schedules = await account.store.update((draft) => {
        const script = draft.scripts[name];
        if (!script) return [];
        const previous = new Map((script.schedules ?? []).map((s) => [s.cron, s]));
        script.schedules = [...new Set(crons)].map((cron) => ({
          cron,
          created_on: previous.get(cron)?.created_on ?? now,
          modified_on: now,
        }));
        return script.schedules;
      });
      return json({ schedules });
    }),
  );
}
