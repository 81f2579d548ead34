import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { PlatformViewState, parseViewState, writeViewState } from './viewState';

/**
 * The Platform tab's view (time range, moment, filters, linked line / event / diagnosis), read from and
 * written to the page's URL: every change replaces the URL's query, so copying the address shares the view.
 *
 * @public
 */
export function usePlatformView(): [
  PlatformViewState,
  (change: Partial<PlatformViewState>) => void,
] {
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const view = useMemo(() => parseViewState(params), [key]);
  const update = useCallback(
    (change: Partial<PlatformViewState>) =>
      setParams(
        current =>
          writeViewState(current, { ...parseViewState(current), ...change }),
        { replace: true },
      ),
    [setParams],
  );
  return [view, update];
}

/** A link to the current page with `change` applied to its view (absolute, for the clipboard). */
export function viewLink(
  location: { origin: string; pathname: string; search: string },
  change: Partial<PlatformViewState>,
): string {
  const params = new URLSearchParams(location.search);
  const next = writeViewState(params, { ...parseViewState(params), ...change });
  const query = next.toString();
  return `${location.origin}${location.pathname}${query ? `?${query}` : ''}`;
}
