// Test doubles for code built on @clodo/deployment (fault injection through the runner interface).
export { MemoryApi } from './memory-api.js';
export { type ScriptedReply, ScriptedRunner } from './scripted-runner.js';
