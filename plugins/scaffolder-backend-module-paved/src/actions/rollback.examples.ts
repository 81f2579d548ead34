import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { actionStep, templateExample } from './templateExample';

/** Examples of `kubernetes:rollback` shown in the scaffolder's action list. */
export const rollbackExamples: TemplateExample[] = [
  templateExample(
    'Roll checkout-api in checkout-dev back to revision 3 and wait for the rollout',
    actionStep('kubernetes:rollback', 'rollback', 'Roll back', {
      input: {
        cluster: 'local',
        namespace: 'checkout-dev',
        revision: 3,
        component: 'checkout-api',
      },
    }),
  ),
  templateExample(
    'Roll production back from a form field; a developer gets a change request for the team leads',
    actionStep('kubernetes:rollback', 'rollback', 'Roll back production', {
      input: {
        cluster: 'local',
        namespace: 'checkout-prod',
        revision: '${{ parameters.revision }}',
        note: 'Revision 7 lowered the memory limit; pods are OOMKilled',
      },
    }),
  ),
];
