import { ClusterIdentity, KubernetesObject } from '@paved/plugin-paved-node';
import { z } from 'zod/v3';
import {
  AgentToolDeps,
  defineAgentTool,
  requesterOf,
} from '../agentTool';
import { clusterField, namespaceField, entityRefField } from '../entityInput';
import { answerFor, changeRequestOutput } from '../changeRequestAnswer';

/** Annotations the API server and controllers write, which an apply must not take over. */
const SERVER_ANNOTATIONS = [
  'deployment.kubernetes.io/revision',
  'kubectl.kubernetes.io/last-applied-configuration',
];

/**
 * The workload as the user reads it, made ready to apply with new replicas: what the server filled in
 * (status, uid, managed fields, controller annotations) left out.
 */
export function scaledWorkload(
  live: KubernetesObject,
  replicas: number,
): KubernetesObject {
  const { metadata, spec } = live as KubernetesObject & {
    spec?: Record<string, unknown>;
  };
  const annotations = Object.fromEntries(
    Object.entries(metadata.annotations ?? {}).filter(
      ([key]) => !SERVER_ANNOTATIONS.includes(key),
    ),
  );
  return {
    apiVersion: live.apiVersion,
    kind: live.kind,
    metadata: {
      name: metadata.name,
      namespace: metadata.namespace,
      ...(metadata.labels ? { labels: metadata.labels } : {}),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    },
    spec: { ...spec, replicas },
  };
}

/** `paved.request-scale`: asks to change a workload's replicas; the user confirms it in Backstage. */
export const requestScaleTool = defineAgentTool({
  name: 'request-scale',
  title: 'Ask to scale a workload',
  description:
    'Asks to set the replicas of a Deployment or StatefulSet in one environment (0 stops it). Nothing changes by this call: it answers a pending change request with the diff, blast radius and cost forecast and a link where the user confirms it in Backstage; in a protected environment a team lead then approves it.',
  budgetBytes: 6_000,
  attributes: { readOnly: false, destructive: true, idempotent: false },
  input: z.object({
    cluster: clusterField,
    namespace: namespaceField,
    kind: z.enum(['Deployment', 'StatefulSet']).default('Deployment'),
    name: z
      .string()
      .min(1)
      .max(253)
      .describe('The workload, e.g. payments-api'),
    replicas: z.number().int().min(0).max(50),
    entityRef: entityRefField,
  }),
  output: changeRequestOutput,
  examples: [
    {
      title: 'Three replicas of payments-api in production',
      input: {
        cluster: 'local',
        namespace: 'payments-production',
        kind: 'Deployment',
        name: 'payments-api',
        replicas: 3,
      },
    },
  ],
  place: input => ({
    cluster: input.cluster,
    namespace: input.namespace,
    target: `${input.kind}/${input.name} → ${input.replicas} replicas`,
  }),
  async run(input, caller, deps) {
    const requester = await requesterOf(caller);
    const live = await readWorkload(deps, input, requester.identity);
    const request = await deps.approvals.requestForAgent('apply', requester, {
      cluster: input.cluster,
      namespace: input.namespace,
      manifests: [scaledWorkload(live, input.replicas)],
      // replicas may be owned by another field manager (kubectl scale, an earlier apply): this takes them over
      force: true,
      // the confirmation answers once the change is applied; the agent follows the rollout with the read tools
      wait: false,
      timeoutSeconds: 300,
      reason: 'protected-environment',
      note: `Scale ${input.kind}/${input.name} to ${input.replicas} replicas`,
      ...(input.entityRef ? { entityRef: input.entityRef } : {}),
    });
    return answerFor(deps, request);
  },
});

/** The workload as the user may read it (the cluster impersonates them). */
async function readWorkload(
  deps: AgentToolDeps,
  input: { cluster: string; namespace: string; kind: string; name: string },
  identity: ClusterIdentity,
): Promise<KubernetesObject> {
  const client = await deps.clusters.client(input.cluster, identity);
  const plural = input.kind === 'StatefulSet' ? 'statefulsets' : 'deployments';
  return client.request<KubernetesObject>({
    path: `/apis/apps/v1/namespaces/${encodeURIComponent(
      input.namespace,
    )}/${plural}/${encodeURIComponent(input.name)}`,
    context: `reading ${input.kind} ${input.name} in ${input.namespace}`,
  });
}
