export * from './viewState';
export { usePlatformView, viewLink } from './usePlatformView';
export { useViewNow } from './useViewNow';
export { CopyLinkButton } from './CopyLinkButton';
export { TimeRangePicker, customRangeProblem } from './TimeRangePicker';
export {
  PLATFORM_SECTIONS,
  Section,
  SectionNav,
  goToSection,
  sectionAnchor,
} from './Sections';
export type { PlatformSectionId } from './Sections';
export { TabRangeProvider, useTabRange } from './TabRange';
export { useScrollToLinked } from './useScrollToLinked';
export { EnvironmentSelect } from './EnvironmentSelect';
export { mutedTextColor } from './mutedColor';
