export * from '@clodo/config/customers';
