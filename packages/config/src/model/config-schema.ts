import { z } from 'zod';
import { featuresOverrideSchema, featuresSchema, type Strict } from './features-schema.js';
import {
  bindingName,
  cloudflareId,
  compatibilityDate,
  customerName,
  envVarName,
  hostname,
  relativePath,
  serviceName,
  vars,
} from './rules.js';

export const DEFAULT_COMPATIBILITY_DATE = '2025-06-01';
export const DEFAULT_API_TOKEN_ENV = 'CLOUDFLARE_API_TOKEN';

const accountSchema: Strict<{ id: z.ZodString; apiTokenEnv: z.ZodDefault<z.ZodString> }> = z.strictObject({
  id: cloudflareId('account'),
  /** Name of the environment variable holding the API token (the value never goes in the config). */
  apiTokenEnv: envVarName.default(DEFAULT_API_TOKEN_ENV),
});

const environmentSchema: Strict<{
  name: z.ZodOptional<z.ZodString>;
  target: z.ZodOptional<z.ZodEnum<{ local: 'local'; cloudflare: 'cloudflare' }>>;
  vars: z.ZodDefault<typeof vars>;
  domain: z.ZodOptional<z.ZodString>;
  hostPrefix: z.ZodOptional<z.ZodString>;
  accountId: z.ZodOptional<z.ZodString>;
}> = z.strictObject({
  /** Optional; when present it must equal the key (normalized configs carry it). */
  name: z.string().optional(),
  /** Where this environment runs; development defaults to `local` (the emulator), others to `cloudflare`. */
  target: z.enum(['local', 'cloudflare']).optional(),
  vars: vars.default({}),
  /** Zone this environment's hostnames live in; defaults to the top-level `domain`. */
  domain: hostname.optional(),
  /** First label of service hostnames; defaults to `api` in production and `<env>-api` elsewhere. */
  hostPrefix: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, { error: 'is not a DNS label' })
    .optional(),
  /** Deploy this environment to another account. */
  accountId: cloudflareId('account').optional(),
});

const serviceOverrideSchema: Strict<{
  vars: z.ZodOptional<typeof vars>;
  features: z.ZodOptional<typeof featuresOverrideSchema>;
  routes: z.ZodOptional<z.ZodArray<z.ZodString>>;
  compatibilityFlags: z.ZodOptional<z.ZodArray<z.ZodString>>;
}> = z.strictObject({
  vars: vars.optional(),
  features: featuresOverrideSchema.optional(),
  /** Route patterns (like `api.example.com/users*`); replaces the derived route. */
  routes: z.array(z.string().min(1)).optional(),
  compatibilityFlags: z.array(z.string().min(1)).optional(),
});

const authSchema: z.ZodDiscriminatedUnion<
  [
    Strict<{ type: z.ZodLiteral<'none'> }>,
    Strict<{
      type: z.ZodLiteral<'api-key'>;
      header: z.ZodDefault<z.ZodString>;
      secret: z.ZodDefault<z.ZodString>;
    }>,
    Strict<{
      type: z.ZodLiteral<'jwt'>;
      issuer: z.ZodOptional<z.ZodString>;
      audience: z.ZodOptional<z.ZodUnion<readonly [z.ZodString, z.ZodArray<z.ZodString>]>>;
      jwksUrl: z.ZodOptional<z.ZodURL>;
      secret: z.ZodOptional<z.ZodString>;
    }>,
  ],
  'type'
> = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({
    type: z.literal('api-key'),
    header: z.string().min(1).default('x-api-key'),
    /** Name of the secret holding the key (hash); a secret name, not a value. */
    secret: bindingName.default('API_KEY'),
  }),
  z.strictObject({
    type: z.literal('jwt'),
    issuer: z.string().min(1).optional(),
    audience: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
    jwksUrl: z.url().optional(),
    /** Name of the secret holding an HS256 key, when no JWKS is used. */
    secret: bindingName.optional(),
  }),
]);

export const SERVICE_TYPES = ['api', 'worker', 'queue-consumer', 'scheduled', 'static'] as const;

const serviceSchema: Strict<{
  name: z.ZodString;
  path: z.ZodString;
  main: z.ZodDefault<z.ZodString>;
  type: z.ZodDefault<z.ZodEnum<{ [T in (typeof SERVICE_TYPES)[number]]: T }>>;
  dependsOn: z.ZodDefault<z.ZodArray<z.ZodString>>;
  features: z.ZodPrefault<typeof featuresSchema>;
  models: z.ZodDefault<z.ZodArray<z.ZodString>>;
  auth: z.ZodDefault<typeof authSchema>;
  vars: z.ZodDefault<typeof vars>;
  route: z.ZodPrefault<
    z.ZodUnion<
      readonly [
        z.ZodLiteral<false>,
        Strict<{ subdomain: z.ZodOptional<z.ZodString>; path: z.ZodOptional<z.ZodString> }>,
      ]
    >
  >;
  compatibilityDate: z.ZodOptional<z.ZodString>;
  compatibilityFlags: z.ZodOptional<z.ZodArray<z.ZodString>>;
  environments: z.ZodDefault<z.ZodRecord<z.ZodString, typeof serviceOverrideSchema>>;
}> = z.strictObject({
  name: serviceName,
  /** Service folder, relative to the project root. */
  path: relativePath,
  /** Entry module, relative to the service folder. */
  main: relativePath.default('src/index.ts'),
  type: z.enum(SERVICE_TYPES).default('api'),
  dependsOn: z.array(z.string()).default([]),
  features: featuresSchema.prefault({}),
  /** Workers AI models the service calls; needs `features.ai`. */
  models: z.array(z.string().min(1)).default([]),
  auth: authSchema.default({ type: 'none' }),
  vars: vars.default({}),
  /** `false`: reachable only through service bindings. `subdomain`/`path` shape its public URL. */
  route: z
    .union([
      z.literal(false),
      z.strictObject({
        subdomain: z
          .string()
          .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, { error: 'is not a DNS label' })
          .optional(),
        path: z
          .string()
          .regex(/^\/[A-Za-z0-9._~\-/]*$/, { error: 'must start with "/"' })
          .optional(),
      }),
    ])
    .prefault({}),
  compatibilityDate: compatibilityDate.optional(),
  compatibilityFlags: z.array(z.string().min(1)).optional(),
  /** Per-environment overrides, keyed by environment name. */
  environments: z.record(z.string(), serviceOverrideSchema).default({}),
});

const customerSchema: Strict<{
  name: z.ZodString;
  domain: z.ZodString;
  zone: z.ZodOptional<z.ZodString>;
  accountId: z.ZodOptional<z.ZodString>;
  zoneId: z.ZodOptional<z.ZodString>;
  vars: z.ZodDefault<typeof vars>;
  services: z.ZodOptional<z.ZodArray<z.ZodString>>;
  environments: z.ZodDefault<
    z.ZodRecord<z.ZodString, Strict<{ vars: z.ZodOptional<typeof vars>; domain: z.ZodOptional<z.ZodString> }>>
  >;
}> = z.strictObject({
  name: customerName,
  /** The customer's domain; services answer on `api.<domain>`, `staging-api.<domain>`, ... */
  domain: hostname,
  /** Zone name, when the domain is not the zone apex. */
  zone: hostname.optional(),
  accountId: cloudflareId('account').optional(),
  zoneId: cloudflareId('zone').optional(),
  vars: vars.default({}),
  /** Services this customer gets; all by default. */
  services: z.array(z.string()).optional(),
  environments: z
    .record(z.string(), z.strictObject({ vars: vars.optional(), domain: hostname.optional() }))
    .default({}),
});

export const configSchema: Strict<{
  name: z.ZodOptional<z.ZodString>;
  account: typeof accountSchema;
  domain: z.ZodOptional<z.ZodString>;
  compatibilityDate: z.ZodDefault<z.ZodString>;
  compatibilityFlags: z.ZodDefault<z.ZodArray<z.ZodString>>;
  environments: z.ZodPrefault<z.ZodRecord<z.ZodString, typeof environmentSchema>>;
  services: z.ZodArray<typeof serviceSchema>;
  customers: z.ZodDefault<z.ZodArray<typeof customerSchema>>;
}> = z.strictObject({
  /** Project name, for logs and reports. */
  name: z.string().min(1).optional(),
  account: accountSchema,
  /** Apex domain the project's hostnames live under, like `example.com`. */
  domain: hostname.optional(),
  compatibilityDate: compatibilityDate.default(DEFAULT_COMPATIBILITY_DATE),
  compatibilityFlags: z.array(z.string().min(1)).default(['nodejs_compat']),
  environments: z
    .record(z.string(), environmentSchema)
    .prefault({ development: {}, staging: {}, production: {} }),
  services: z.array(serviceSchema).min(1, { error: 'declare at least one service' }),
  customers: z.array(customerSchema).default([]),
});

export type ClodoConfigInput = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
