import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { actionStep, templateExample } from '../templateExample';

const createStep = (name: string, input: Record<string, unknown>) =>
  actionStep('kubernetes:environment:create', 'environment', name, { input });

/** Examples of `kubernetes:environment:create` shown in the scaffolder's action list. */
export const createEnvironmentExamples: TemplateExample[] = [
  templateExample(
    'A persistent staging environment for your team',
    createStep('Create staging', {
      cluster: 'local',
      name: 'staging',
      size: 'medium',
    }),
  ),
  templateExample(
    'An ephemeral environment that is deleted after two days',
    createStep('Create a sandbox', {
      cluster: 'local',
      name: 'sandbox-alice',
      team: 'group:default/team-checkout',
      lifecycle: 'ephemeral',
      ttlHours: 48,
    }),
  ),
];
