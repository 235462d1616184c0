export * from '@clodo/security';
