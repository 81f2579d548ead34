export { PlatformContent } from './PlatformContent';
