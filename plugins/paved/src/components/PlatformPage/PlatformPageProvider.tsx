import { ReactNode, createContext, useContext } from 'react';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  EntityPlatformOverview,
  PlatformPartName,
  PlatformPartOmission,
} from '@paved/plugin-paved-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { pavedApiRef } from '../../api/PavedApi';
import { PlatformPageView } from '../../api/platformPage';

/** What the Platform tab's first request gave: the overview, and the parts the backend answered. */
export interface PlatformFirstPaint {
  overview: EntityPlatformOverview;
  parts: Partial<Pick<PlatformPageView, PlatformPartName>>;
}

/** The state of the first request: loading, failed (the overview could not be read) or loaded. */
export interface PlatformPageState {
  loading: boolean;
  error?: Error;
  value?: PlatformFirstPaint;
  retry: () => void;
}

const PlatformPageContext = createContext<PlatformPageState | undefined>(
  undefined,
);

/**
 * Loads the Platform tab's first paint of the entity in context with one request
 * (`PavedApi.getPlatformPage`) and gives it to the cards inside: each card takes its first data from it,
 * and reads its own route only when the user asks for something else (another range, a retry). With an
 * API without `getPlatformPage`, only the overview is read here and every card reads its own data.
 */
export const PlatformPageProvider = (props: {
  children: ReactNode;
  /** The parts to ask for besides the overview (the cards painted first); all when left out. */
  parts?: readonly PlatformPartName[];
}) => {
  const api = useApi(pavedApiRef);
  const ref = getCompoundEntityRef(useEntity().entity);
  const state = useAsyncRetry(async (): Promise<PlatformFirstPaint> => {
    if (!api.getPlatformPage) {
      return { overview: await api.getOverview(ref), parts: {} };
    }
    const {
      overview,
      unavailableClusters: _all,
      ...parts
    } = await api.getPlatformPage(ref, props.parts);
    return { overview, parts };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, ref.kind, ref.namespace, ref.name, props.parts?.join(',')]);
  return (
    <PlatformPageContext.Provider value={state}>
      {props.children}
    </PlatformPageContext.Provider>
  );
};

/** The first request's state, inside a {@link PlatformPageProvider}; undefined outside one. */
export function usePlatformPage(): PlatformPageState | undefined {
  return useContext(PlatformPageContext);
}

/** An omitted part as the error its own route's 4xx/5xx would have given the card. */
function omissionError(omitted: PlatformPartOmission): Error {
  return Object.assign(new Error(omitted.message), {
    name: omitted.name,
    statusCode: omitted.status,
  });
}

/**
 * The first data of one card's part: its value or the error it was left out with, `pending` while the
 * first request is under way; undefined outside a provider, or when the first request failed or did not
 * answer the part (the card then reads its own route).
 */
export function usePlatformPart<K extends PlatformPartName>(
  part: K,
): FirstData<PartValue<K>> | undefined {
  const page = usePlatformPage();
  if (page?.loading) return { pending: true };
  const found = page?.value?.parts[part];
  if (!found) return undefined;
  return 'value' in found
    ? { value: found.value as PartValue<K> }
    : { error: omissionError(found.omitted) };
}

/** What a part holds when the backend answered it. */
export type PartValue<K extends PlatformPartName> = Extract<
  PlatformPageView[K],
  { value: unknown }
>['value'];

/** A card's first data: a value, an error, or `pending` while the first request is under way. */
export type FirstData<T> =
  | { value: T; error?: undefined; pending?: undefined }
  | { value?: undefined; error: Error; pending?: undefined }
  | { value?: undefined; error?: undefined; pending: true };
