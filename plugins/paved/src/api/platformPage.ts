import {
  EntityPlatformPage,
  GoldenSignals,
  PartialClusterAnswer,
  PlatformPart,
} from '@paved/plugin-paved-common';
import type { SignalPoints } from './PavedApi';

/**
 * The Platform tab's first paint as the frontend uses it: `/platform`'s answer with the golden signals
 * unpacked into points, as `PavedApi.getGoldenSignals` gives them.
 *
 * @public
 */
export type PlatformPageView = Omit<EntityPlatformPage, 'goldenSignals'> & {
  goldenSignals?: PlatformPart<
    { series: SignalPoints[] } & PartialClusterAnswer
  >;
};

/** Golden signals as `[unix seconds, value]` points per series, leaving out the steps without a sample. */
export function toSignalPoints({
  step,
  series,
  unavailableClusters,
}: GoldenSignals): { series: SignalPoints[] } & PartialClusterAnswer {
  return {
    ...(unavailableClusters ? { unavailableClusters } : {}),
    series: series.map(({ start, values, ...rest }) => ({
      ...rest,
      points: values.flatMap(
        (v, i): Array<[number, number]> =>
          v === null ? [] : [[start + i * step, v]],
      ),
    })),
  };
}

/** The page with its golden signals part unpacked. */
export function toPlatformPageView(page: EntityPlatformPage): PlatformPageView {
  const { goldenSignals: golden, ...rest } = page;
  if (!golden) return rest;
  return {
    ...rest,
    goldenSignals:
      'value' in golden ? { value: toSignalPoints(golden.value) } : golden,
  };
}
