import { isErrorNamed } from '@paved/plugin-paved-common';
import { KubernetesClient } from '../cluster/KubernetesClient';
import { scrubSecretError } from '../secrets/redact';
import { objectPath } from './applyObjects';
import { objectDiff } from './diff';
import { mergeObjects } from './mergeObjects';
import { objectLabel } from './objectLabel';
import { ApplyPlan } from './plan';
import { ObjectOutcome, planFromOutcomes } from './planOutcomes';
import { ResourceMapper } from './ResourceMapper';
import { ApplyOutcome, KubernetesObject } from './types';

async function previewObject(
  client: KubernetesClient,
  mapper: ResourceMapper,
  object: KubernetesObject,
): Promise<ObjectOutcome> {
  const { path, namespace } = await objectPath(mapper, object);
  const label = objectLabel({
    kind: object.kind,
    namespace,
    name: object.metadata.name,
  });
  let live: KubernetesObject | undefined;
  try {
    live = await client.request<KubernetesObject>({
      path,
      context: `reading ${label}`,
    });
  } catch (error) {
    if (!isErrorNamed(error, 'NotFoundError'))
      throw scrubSecretError(error, [object]);
  }
  const planned = live ? mergeObjects(live, object) : object;
  const diff = objectDiff(label, live, planned);
  let result: ApplyOutcome = 'created';
  if (live) result = diff ? 'configured' : 'unchanged';
  return {
    applied: {
      apiVersion: object.apiVersion,
      kind: object.kind,
      ...(namespace ? { namespace } : {}),
      name: object.metadata.name,
      result,
    },
    diff,
    after: planned,
  };
}

/**
 * A plan without a dry run: each live object (read as the acting user) against itself merged with the
 * manifest. For changes the user may only propose, which the API server would refuse even as a dry run.
 */
export async function previewPlan(
  client: KubernetesClient,
  cluster: string,
  objects: KubernetesObject[],
): Promise<ApplyPlan> {
  const mapper = new ResourceMapper(client);
  const outcomes = await Promise.all(
    objects.map(object => previewObject(client, mapper, object)),
  );
  return planFromOutcomes(cluster, objects, outcomes, []);
}
