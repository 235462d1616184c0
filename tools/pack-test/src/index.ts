export * from './artifacts.ts';
