export { hasDefaultExport, relativeSpecifiers } from './declarations.ts';
export { type EmitOptions, type EmitResult, emitDeclarations } from './emit.ts';
export { readEntries } from './entries.ts';
