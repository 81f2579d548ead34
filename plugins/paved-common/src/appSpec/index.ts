export {
  GOLDEN_PATHS,
  BUILDPACKS,
  SIZE_PRESETS,
  isGoldenPath,
} from './goldenPaths';
export type {
  GoldenPath,
  ResourceRequirements,
  SizePreset,
} from './goldenPaths';
export { parseAppSpec } from './parseAppSpec';
export type {
  AppSpec,
  AppSpecFor,
  AppSpecInputFor,
  AppSpecPatch,
  CronJobSpec,
  DatabaseSpec,
  WebServiceSpec,
  WorkerSpec,
} from './parseAppSpec';
export { appSpecJsonSchema } from './jsonSchema';
export type { AppSpecJsonSchema } from './jsonSchema';
export { parseSecretRef } from './formats';
export type { SecretKeyRef } from './formats';
export { cronProblem } from './cron';
