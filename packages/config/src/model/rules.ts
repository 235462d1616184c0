import { z } from 'zod';
import {
  BINDING_NAME,
  CLOUDFLARE_ID,
  CUSTOMER_NAME,
  ENV_VAR_NAME,
  hostnameProblem,
  isCalendarDate,
  isCronExpression,
  isHostname,
  RESOURCE_NAME,
  SERVICE_NAME,
} from './patterns.js';

/** A string checked by `test`; failures carry a message and a fix hint (never the offending value). */
function checkedString(
  test: (value: string) => boolean,
  message: string,
  hint: string | ((v: string) => string),
): z.ZodString {
  return z.string().check((ctx) => {
    if (typeof ctx.value === 'string' && !test(ctx.value)) {
      ctx.issues.push({
        code: 'custom',
        input: ctx.value,
        message,
        params: { hint: typeof hint === 'function' ? hint(ctx.value) : hint },
      });
    }
  });
}

export const serviceName: z.ZodString = checkedString(
  (v) => SERVICE_NAME.test(v),
  'is not a valid service name',
  'use 2-63 characters: a lowercase letter, then lowercase letters, digits or "-" (like "users-api")',
);

export const customerName: z.ZodString = checkedString(
  (v) => CUSTOMER_NAME.test(v),
  'is not a valid customer name',
  'use 2-63 characters: a lowercase letter, then lowercase letters, digits or "-" (like "acme")',
);

export const cloudflareId = (what: string): z.ZodString =>
  checkedString(
    (v) => CLOUDFLARE_ID.test(v),
    `is not a valid Cloudflare ${what} id`,
    `${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what} id is 32 lowercase hexadecimal characters; copy it from the Cloudflare dashboard`,
  );

export const hostname: z.ZodString = checkedString(isHostname, 'is not a valid hostname', hostnameProblem);

export const bindingName: z.ZodString = checkedString(
  (v) => BINDING_NAME.test(v),
  'is not a valid binding name',
  'use letters, digits and "_", not starting with a digit (like "DB" or "USERS_KV")',
);

export const envVarName: z.ZodString = checkedString(
  (v) => ENV_VAR_NAME.test(v),
  'must be the NAME of an environment variable',
  'use uppercase letters, digits and "_" (like "CLOUDFLARE_API_TOKEN"); never put the token itself in the config',
);

export const resourceName = (what: string): z.ZodString =>
  checkedString(
    (v) => RESOURCE_NAME.test(v),
    `is not a valid ${what} name`,
    'use 3-63 lowercase letters, digits or "-", starting and ending with a letter or digit',
  );

export const cronExpression: z.ZodString = checkedString(
  isCronExpression,
  'is not a cron expression',
  'use five fields: minute hour day-of-month month day-of-week (like "*/5 * * * *")',
);

export const compatibilityDate: z.ZodString = checkedString(
  isCalendarDate,
  'is not a compatibility date',
  'use a real date in YYYY-MM-DD form (like "2025-06-01")',
);

export const relativePath: z.ZodString = checkedString(
  (v) => v.length > 0 && !v.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(v) && !v.split(/[\\/]/).includes('..'),
  'must be a relative path inside the project',
  'give a path relative to the project root without ".." (like "services/users")',
);

export const varValue: z.ZodUnion<readonly [z.ZodString, z.ZodNumber, z.ZodBoolean]> = z.union([
  z.string(),
  z.number(),
  z.boolean(),
]);
export const vars: z.ZodRecord<z.ZodString, typeof varValue> = z.record(z.string(), varValue);
