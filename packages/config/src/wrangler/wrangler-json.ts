/** The subset of wrangler's config (wrangler.json) that Clodo generates. */

export interface WranglerRoute {
  pattern: string;
  zone_name?: string;
  custom_domain?: boolean;
}

export interface WranglerEnvironment {
  name: string;
  main: string;
  account_id: string;
  compatibility_date: string;
  compatibility_flags: string[];
  workers_dev: boolean;
  vars: Record<string, string | number | boolean>;
  routes: WranglerRoute[];
  d1_databases: { binding: string; database_name: string; database_id?: string; migrations_dir: string }[];
  kv_namespaces: { binding: string; id?: string }[];
  r2_buckets: { binding: string; bucket_name: string }[];
  queues: {
    producers: { binding: string; queue: string }[];
    consumers: {
      queue: string;
      max_batch_size?: number;
      max_batch_timeout?: number;
      max_retries?: number;
      dead_letter_queue?: string;
    }[];
  };
  triggers: { crons: string[] };
  durable_objects: { bindings: { name: string; class_name: string }[] };
  migrations: { tag: string; new_sqlite_classes: string[] }[];
  services: { binding: string; service: string; entrypoint?: string }[];
  ai?: { binding: string };
}

export interface WranglerConfig extends WranglerEnvironment {
  $schema?: string;
  /** Named environments, each written out in full (wrangler does not inherit bindings into them). */
  env?: Record<string, WranglerEnvironment>;
}
