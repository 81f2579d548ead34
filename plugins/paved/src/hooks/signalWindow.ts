import { SIGNAL_RANGES } from '@paved/plugin-paved-common';
import { PlatformViewState } from '../components/PlatformView/viewState';

/** The part of the tab's view the metrics and health follow: a preset range or a custom one. */
export type SignalWindow = Pick<PlatformViewState, 'range' | 'from' | 'to'>;

/** The golden-signals / health query of a window: `{ range }` for a preset, `{ start, end }` for a custom one. */
export function signalWindowQuery(
  window: SignalWindow,
): { range: (typeof SIGNAL_RANGES)[number] } | { start: number; end: number } {
  if (
    window.range === 'custom' &&
    window.from !== undefined &&
    window.to !== undefined
  ) {
    return { start: window.from, end: window.to };
  }
  return {
    range:
      window.range === 'custom'
        ? '1h'
        : (window.range as (typeof SIGNAL_RANGES)[number]),
  };
}
