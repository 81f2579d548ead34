import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { actionStep, templateExample } from '../templateExample';

/** Examples of `kubernetes:environment:clone` shown in the scaffolder's action list. */
export const cloneEnvironmentExamples: TemplateExample[] = [
  templateExample(
    'A preview environment for pull request 142, one replica per workload, deleted after 3 days',
    actionStep(
      'kubernetes:environment:clone',
      'preview',
      'Clone production for the preview',
      {
        input: {
          cluster: 'local',
          source: 'checkout-production',
          name: 'preview-142',
          lifecycle: 'ephemeral',
          ttlHours: 72,
          replicas: 1,
        },
      },
    ),
  ),
  templateExample(
    'A copy of the dev environment of cluster local on cluster eu-west, for a team that moves there',
    actionStep(
      'kubernetes:environment:clone',
      'move',
      'Clone dev onto eu-west',
      {
        input: {
          cluster: 'local',
          targetCluster: 'eu-west',
          source: 'checkout-dev',
          name: 'dev-eu',
        },
      },
    ),
  ),
];
