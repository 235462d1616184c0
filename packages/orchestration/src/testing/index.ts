// Test helpers for code built on @clodo/orchestration: an in-memory DeploymentSteps and a manual clock.
export {
  type FailureRule,
  type FakeCall,
  FakeDeploymentSteps,
  type FakeStepsOptions,
  MUTATING_STEPS,
} from './fake-steps.js';
export { ManualClock } from './manual-clock.js';
