import { ReactNode, useEffect, useRef, useState } from 'react';

/**
 * Renders `children` once the place they take is scrolled near the viewport (within `margin`), or once the
 * page has been shown for `afterMs` — so a card below the fold reads its data after the first paint instead
 * of competing with it, and is there when the user scrolls; at once where the browser cannot tell.
 */
export const WhenVisible = (props: {
  children: ReactNode;
  /** Height kept for the children until they render, so the page does not jump. */
  minHeight?: number;
  margin?: string;
  /** Milliseconds after which the children render anyway. Default: 1000. */
  afterMs?: number;
  /**
   * The id of the anchor inside the children (`#anchor` links point at it): the place keeps it until the
   * children render, so following a link scrolls there, and a page opened at it renders them at once.
   */
  anchor?: string;
}) => {
  const [visible, setVisible] = useState(
    typeof IntersectionObserver === 'undefined' ||
      (props.anchor !== undefined &&
        window.location.hash === `#${props.anchor}`),
  );
  const place = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (visible || !place.current) return undefined;
    const observer = new IntersectionObserver(
      entries => {
        if (entries.some(e => e.isIntersecting)) setVisible(true);
      },
      { rootMargin: props.margin ?? '200px' },
    );
    observer.observe(place.current);
    const timer = setTimeout(() => setVisible(true), props.afterMs ?? 1000);
    return () => {
      observer.disconnect();
      clearTimeout(timer);
    };
  }, [visible, props.margin, props.afterMs]);
  if (visible) return <>{props.children}</>;
  return (
    <div
      ref={place}
      id={props.anchor}
      style={{ minHeight: props.minHeight ?? 200 }}
      data-testid="paved-when-visible"
    />
  );
};
