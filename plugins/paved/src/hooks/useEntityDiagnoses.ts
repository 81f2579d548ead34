import { usePlatformPart } from '../components/PlatformPage';
import { useEntityPavedApiFrom } from './useFirstPaint';

/**
 * Why the entity's pods or rollouts are unhealthy, and the clusters that could not be read. On the Platform
 * tab the first answer comes from the tab's first request; `retry` reads again.
 */
export const useEntityDiagnoses = () =>
  useEntityPavedApiFrom(usePlatformPart('diagnoses'), (api, ref) =>
    api.getDiagnoses(ref),
  );
