export * from '@clodo/testers';
