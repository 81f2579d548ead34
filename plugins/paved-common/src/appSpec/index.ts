export * from './goldenPaths';
export * from './parseAppSpec';
export { APP_SPEC_SCHEMAS } from './schemas';
export * from './jsonSchema';
export { parseSecretRef } from './formats';
export type { SecretKeyRef } from './formats';
export { cronProblem } from './cron';
