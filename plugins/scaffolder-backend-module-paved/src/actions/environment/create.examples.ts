import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const createEnvironmentExamples: TemplateExample[] = [
  {
    description: 'A persistent staging environment for your team',
    example: yaml.stringify({
      steps: [
        {
          id: 'environment',
          action: 'kubernetes:environment:create',
          name: 'Create staging',
          input: { cluster: 'local', name: 'staging', size: 'medium' },
        },
      ],
    }),
  },
  {
    description: 'An ephemeral environment that is deleted after two days',
    example: yaml.stringify({
      steps: [
        {
          id: 'environment',
          action: 'kubernetes:environment:create',
          name: 'Create a sandbox',
          input: {
            cluster: 'local',
            name: 'sandbox-alice',
            team: 'group:default/team-checkout',
            lifecycle: 'ephemeral',
            ttlHours: 48,
          },
        },
      ],
    }),
  },
];
