import { useMemo } from 'react';
import { PlatformViewState } from './viewState';

/**
 * "Now" in unix seconds, taken when the view's time range or moment changes (not at every render), so
 * that the windows the cards ask for stay the same until the user changes them.
 */
export function useViewNow(
  view: Pick<PlatformViewState, 'range' | 'from' | 'to' | 'at'>,
): number {
  return useMemo(
    () => Math.floor(Date.now() / 1000),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [view.range, view.from, view.to, view.at],
  );
}
