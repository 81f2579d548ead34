export {
  PlatformPageProvider,
  usePlatformPage,
  usePlatformPart,
} from './PlatformPageProvider';
export type {
  FirstData,
  PartValue,
  PlatformFirstPaint,
  PlatformPageState,
} from './PlatformPageProvider';
export { WhenVisible } from './WhenVisible';
