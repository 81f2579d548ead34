import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { PavedApi, pavedApiRef } from '../../api/PavedApi';

/**
 * Renders a card in a test app on the page of `entity`, with `api` standing in for the Paved backend
 * (only the methods the test needs), at `url`.
 */
export function renderCard(
  card: JSX.Element,
  api: Partial<PavedApi>,
  entity: Entity,
  /** The page's address, e.g. `/?range=6h&event=…` for the view it restores. */
  url = '/',
) {
  return renderInTestApp(
    <TestApiProvider apis={[[pavedApiRef, api]]}>
      <EntityProvider entity={entity}>{card}</EntityProvider>
    </TestApiProvider>,
    { routeEntries: [url] },
  );
}
