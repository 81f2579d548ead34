import { Config } from '@backstage/config';
import { DEFAULT_FORBIDDEN_KINDS, GuardrailPolicy } from './types';

/**
 * Reads `paved.guardrails`; every guardrail is on unless configured off.
 *
 * @public
 */
export function readGuardrailPolicy(config: Config): GuardrailPolicy {
  const c = config.getOptionalConfig('paved.guardrails');
  return {
    podSecurityRestricted:
      c?.getOptionalBoolean('podSecurityRestricted') ?? true,
    requireResources: c?.getOptionalBoolean('requireResources') ?? true,
    requireProbes: c?.getOptionalBoolean('requireProbes') ?? true,
    forbidLatestTag: c?.getOptionalBoolean('forbidLatestTag') ?? true,
    allowedRegistries: c?.getOptionalStringArray('allowedRegistries') ?? [],
    forbiddenKinds:
      c?.getOptionalStringArray('forbiddenKinds') ?? DEFAULT_FORBIDDEN_KINDS,
    requireTeamEnvironment:
      c?.getOptionalBoolean('requireTeamEnvironment') ?? true,
  };
}
