/** Environments (or clusters) read at once for one request. */
export const ENVIRONMENT_CONCURRENCY = 6;

export { mapWithConcurrency } from '@paved/plugin-paved-node';
