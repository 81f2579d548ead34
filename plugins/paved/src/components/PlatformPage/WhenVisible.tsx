import { ReactNode, useEffect, useRef, useState } from 'react';

/**
 * Renders `children` once the place they take is scrolled near the viewport (within `margin`), so a card
 * below the fold reads its data only when the user may see it; at once where the browser cannot tell.
 */
export const WhenVisible = (props: {
  children: ReactNode;
  /** Height kept for the children until they render, so the page does not jump. */
  minHeight?: number;
  margin?: string;
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
    return () => observer.disconnect();
  }, [visible, props.margin]);
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
