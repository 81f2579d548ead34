import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { PavedPriceSource } from '../cost/priceSource';

/**
 * Replaces where the Paved backend plugin takes prices from (by default `paved.cost.prices`). A backend
 * module of the `paved` plugin calls `setPriceSource` in its `init`; one source at most.
 *
 * @public
 */
export interface PavedPriceSourceExtensionPoint {
  setPriceSource(source: PavedPriceSource): void;
}

/**
 * The `paved` backend plugin's extension point for its price source. An extension point rather than a
 * service, because only that plugin computes cost.
 *
 * @public
 */
export const pavedPriceSourceExtensionPoint =
  createExtensionPoint<PavedPriceSourceExtensionPoint>({
    id: 'paved.price-source',
  });
