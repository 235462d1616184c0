export {
  type CrudResource,
  type DatabaseResult,
  type DatabaseStep,
  DatabaseTester,
  type DatabaseTesterOptions,
} from '@clodo/testers';
