/** The validated, normalized configuration model. Every value is frozen. */

export type Vars = Readonly<Record<string, string | number | boolean>>;

export type EnvironmentTarget = 'local' | 'cloudflare';

export interface AccountConfig {
  readonly id: string;
  /** Environment variable holding the API token (a name, never the value). */
  readonly apiTokenEnv: string;
}

export interface EnvironmentConfig {
  readonly name: string;
  readonly target: EnvironmentTarget;
  readonly vars: Vars;
  readonly domain?: string;
  readonly hostPrefix?: string;
  readonly accountId?: string;
}

export interface D1Feature {
  readonly binding: string;
  readonly database?: string;
  readonly migrationsDir: string;
}

export interface QueueConsumerFeature {
  readonly queue: string;
  readonly maxBatchSize?: number;
  readonly maxBatchTimeout?: number;
  readonly maxRetries?: number;
  readonly deadLetterQueue?: string;
}

export interface ServiceFeatures {
  readonly d1: readonly D1Feature[];
  readonly kv: readonly { readonly binding: string }[];
  readonly r2: readonly { readonly binding: string; readonly bucket: string }[];
  readonly queues: {
    readonly producers: readonly { readonly binding: string; readonly queue: string }[];
    readonly consumers: readonly QueueConsumerFeature[];
  };
  readonly cron: readonly string[];
  readonly durableObjects: readonly { readonly binding: string; readonly className: string }[];
  readonly services: readonly {
    readonly binding: string;
    readonly service: string;
    readonly entrypoint?: string;
  }[];
  readonly ai?: { readonly binding: string };
}

export type ServiceAuth =
  | { readonly type: 'none' }
  | { readonly type: 'api-key'; readonly header: string; readonly secret: string }
  | {
      readonly type: 'jwt';
      readonly issuer?: string;
      readonly audience?: string | readonly string[];
      readonly jwksUrl?: string;
      readonly secret?: string;
    };

export interface ServiceEnvironmentOverride {
  readonly vars?: Vars;
  readonly features?: Partial<ServiceFeatures>;
  readonly routes?: readonly string[];
  readonly compatibilityFlags?: readonly string[];
}

export type ServiceType = 'api' | 'worker' | 'queue-consumer' | 'scheduled' | 'static';

export interface ServiceRoute {
  readonly subdomain?: string;
  readonly path?: string;
}

export interface ServiceConfig {
  readonly name: string;
  readonly path: string;
  readonly main: string;
  readonly type: ServiceType;
  readonly dependsOn: readonly string[];
  readonly features: ServiceFeatures;
  readonly models: readonly string[];
  readonly auth: ServiceAuth;
  readonly vars: Vars;
  /** `false` when the service is reachable only through service bindings. */
  readonly route: false | ServiceRoute;
  readonly compatibilityDate?: string;
  readonly compatibilityFlags?: readonly string[];
  readonly environments: Readonly<Record<string, ServiceEnvironmentOverride>>;
}

export interface CustomerEnvironmentOverride {
  readonly vars?: Vars;
  readonly domain?: string;
}

export interface CustomerConfig {
  readonly name: string;
  readonly domain: string;
  readonly zone?: string;
  readonly accountId?: string;
  readonly zoneId?: string;
  readonly vars: Vars;
  readonly services?: readonly string[];
  readonly environments: Readonly<Record<string, CustomerEnvironmentOverride>>;
}

export interface ClodoConfig {
  readonly name?: string;
  readonly account: AccountConfig;
  readonly domain?: string;
  readonly compatibilityDate: string;
  readonly compatibilityFlags: readonly string[];
  readonly environments: Readonly<Record<string, EnvironmentConfig>>;
  readonly services: readonly ServiceConfig[];
  readonly customers: readonly CustomerConfig[];
}
