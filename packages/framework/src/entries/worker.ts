// Worker-safe: the service runtime plus the security primitives that run in workerd. No `node:` imports.
export * from '@clodo/security/worker';
export * from '@clodo/services';
