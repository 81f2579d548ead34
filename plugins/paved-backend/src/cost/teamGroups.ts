import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/** Every Group of the catalog, with the fields the all-teams cost view reads (titles, budget annotations). */
export async function teamGroups(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<Entity[]> {
  const { items } = await catalog.getEntities(
    {
      filter: { kind: 'Group' },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'metadata.annotations',
        'spec.type',
        'spec.profile.displayName',
      ],
    },
    { credentials },
  );
  return items;
}
