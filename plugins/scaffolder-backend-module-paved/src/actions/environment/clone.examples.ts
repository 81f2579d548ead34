import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const cloneEnvironmentExamples: TemplateExample[] = [
  {
    description:
      'A preview environment for pull request 142, one replica per workload, deleted after 3 days',
    example: yaml.stringify({
      steps: [
        {
          id: 'preview',
          action: 'kubernetes:environment:clone',
          name: 'Clone production for the preview',
          input: {
            cluster: 'local',
            source: 'checkout-production',
            name: 'preview-142',
            lifecycle: 'ephemeral',
            ttlHours: 72,
            replicas: 1,
          },
        },
      ],
    }),
  },
];
