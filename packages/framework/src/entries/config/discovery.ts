export * from '@clodo/config/discovery';
