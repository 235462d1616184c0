export * from '@clodo/orchestration';
