import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { actionStep, templateExample } from '../templateExample';

/** Examples of `kubernetes:environment:gitops` shown in the scaffolder's action list. */
export const gitOpsEnvironmentExamples: TemplateExample[] = [
  templateExample(
    'Deliver an environment from its team’s deploy repository',
    actionStep(
      'kubernetes:environment:gitops',
      'gitops',
      'Deliver checkout-dev by GitOps',
      {
        input: {
          cluster: 'local',
          namespace: 'checkout-dev',
          repository: 'team-checkout/deploy',
          secretName: 'deploy-git',
        },
      },
    ),
  ),
  templateExample(
    'Go back to applying an environment directly',
    actionStep(
      'kubernetes:environment:gitops',
      'direct',
      'Apply checkout-dev directly again',
      {
        input: { cluster: 'local', namespace: 'checkout-dev', connect: false },
      },
    ),
  ),
];
