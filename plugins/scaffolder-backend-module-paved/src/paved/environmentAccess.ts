/**
 * The environment access checks the actions share: how each target namespace of a change may proceed, whether
 * the caller is a platform admin, and how messages name an environment. They live in the node library, beside
 * the permission rules they apply.
 */
export {
  decideForNamespaces,
  describeEnvironment,
  isPlatformAdminCaller,
} from '@paved/plugin-paved-node';
