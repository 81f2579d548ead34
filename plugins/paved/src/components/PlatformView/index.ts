export * from './viewState';
export { usePlatformView, viewLink } from './usePlatformView';
