// Old `@clodo/framework/config`: the typed config model, validation and naming from @clodo/config.
export * from '@clodo/config';
export * from '@clodo/config/wrangler';
