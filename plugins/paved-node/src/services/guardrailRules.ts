import { createServiceRef } from '@backstage/backend-plugin-api';
import { PavedGuardrailRule } from '../guardrails/rules';

/**
 * Guardrail rules an admin adds beside Paved's built-in ones; every apply (from the backend's approvals and
 * from the scaffolder actions) runs them and is refused on any finding. Each is provided with
 * `backend.add(createServiceFactory({ service: pavedGuardrailRulesServiceRef, deps, factory }))`; the
 * service is a multiton, so dependents receive all of them (none unless added).
 *
 * It is a root service, not an extension point, because the backend plugin and the scaffolder module both
 * apply changes, and a plugin's extension point only reaches that plugin's own modules.
 *
 * @public
 */
export const pavedGuardrailRulesServiceRef =
  createServiceRef<PavedGuardrailRule>({
    id: 'paved.guardrail-rules',
    scope: 'root',
    multiton: true,
  });
