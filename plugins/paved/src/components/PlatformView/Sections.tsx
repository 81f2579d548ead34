import { ReactNode, useEffect, useRef } from 'react';
import Link from '@material-ui/core/Link';
import { PlatformViewState } from './viewState';

/** The Platform tab's sections in page order: `id` is the URL's `section` value. @public */
export const PLATFORM_SECTIONS = [
  { id: 'health', title: 'Health' },
  { id: 'environments', title: 'Environments' },
  { id: 'troubleshooting', title: 'Troubleshooting' },
  { id: 'changes', title: 'Changes' },
  { id: 'secrets', title: 'Secrets' },
  { id: 'metrics', title: 'Metrics' },
  { id: 'cost', title: 'Cost' },
  { id: 'traces', title: 'Traces' },
  { id: 'logs', title: 'Logs' },
  { id: 'events', title: 'Events' },
] as const;

/** One of {@link PLATFORM_SECTIONS}' ids. @public */
export type PlatformSectionId = (typeof PLATFORM_SECTIONS)[number]['id'];

/** The element id of a section, for links and focus. */
export const sectionAnchor = (id: string) => `paved-section-${id}`;

/** Scrolls to a section and moves the keyboard focus there. */
export function goToSection(id: string) {
  const target = document.getElementById(sectionAnchor(id));
  if (!target) return;
  target.scrollIntoView?.({ block: 'start' });
  target.focus({ preventScroll: true });
}

/**
 * Links to the tab's sections ("jump to"), kept in the URL's `section` so that a shared link opens at the
 * same place.
 *
 * @public
 */
export const SectionNav = (props: {
  view: PlatformViewState;
  onChange: (change: Partial<PlatformViewState>) => void;
  /** Sections the page shows (others are left out of the links). */
  present?: readonly string[];
}) => (
  <nav aria-label="Platform sections" data-testid="paved-section-nav">
    <ul
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        gap: 16,
        listStyle: 'none',
        margin: 0,
        padding: 0,
      }}
    >
      {PLATFORM_SECTIONS.filter(
        s => !props.present || props.present.includes(s.id),
      ).map(s => (
        <li key={s.id}>
          <Link
            href={`#${sectionAnchor(s.id)}`}
            aria-current={props.view.section === s.id ? 'location' : undefined}
            onClick={(event: React.MouseEvent) => {
              event.preventDefault();
              props.onChange({ section: s.id });
              goToSection(s.id);
            }}
          >
            {s.title}
          </Link>
        </li>
      ))}
    </ul>
  </nav>
);

/**
 * A section of the tab: a landmark named by its title, focusable as a jump target; when the URL's
 * `section` names it on the page's first render, the page opens scrolled to it.
 *
 * @public
 */
export const Section = (props: {
  id: PlatformSectionId;
  view: PlatformViewState;
  children: ReactNode;
}) => {
  const title = PLATFORM_SECTIONS.find(s => s.id === props.id)!.title;
  const scrolled = useRef(false);
  const { section } = props.view;
  useEffect(() => {
    if (!scrolled.current && section === props.id) {
      scrolled.current = true;
      // after the cards above have laid out
      const timer = setTimeout(() => goToSection(props.id), 300);
      return () => clearTimeout(timer);
    }
    return undefined;
  }, [section, props.id]);
  return (
    <section
      id={sectionAnchor(props.id)}
      aria-label={title}
      tabIndex={-1}
      style={{ outline: 'none', scrollMarginTop: 16 }}
    >
      {props.children}
    </section>
  );
};
