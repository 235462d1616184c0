export {
  type AuthCaseName,
  type AuthCaseResult,
  type AuthResult,
  AuthTester,
  type AuthTesterOptions,
  mintJwt,
  type ProtectedEndpoint,
} from '@clodo/testers';
