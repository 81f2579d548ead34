import { useEffect } from 'react';

/**
 * Scrolls the element `selector` finds into the middle of the view once `ready` (the card's data has
 * loaded) while a link points at something (`linked`): how a card shows the item a shared link names.
 */
export function useScrollToLinked(
  selector: string,
  linked: string | undefined,
  ready: unknown,
) {
  useEffect(() => {
    if (!linked || !ready) return;
    document.querySelector(selector)?.scrollIntoView?.({ block: 'center' });
  }, [selector, linked, ready]);
}
