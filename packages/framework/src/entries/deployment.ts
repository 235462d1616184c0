export * from '@clodo/deployment';
