import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ClusterIdentity } from '@paved/plugin-paved-node';

/**
 * The key of one user's view of one entity (the entity's ref and version, the user and their groups): views
 * computed at the same moment under one key are the same answer.
 */
export function viewKey(entity: Entity, identity: ClusterIdentity): string {
  return JSON.stringify([
    stringifyEntityRef(entity),
    entity.metadata.etag ?? null,
    identity.user,
    [...identity.groups].sort(),
  ]);
}
