import { z as zod } from 'zod/v3';

/** The `cluster` input every Kubernetes action takes: a cluster name from the Kubernetes plugin's config. */
export const clusterInput = (z: typeof zod) =>
  z.string({
    description: 'Cluster name from kubernetes.clusterLocatorMethods',
  });
