import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const applyExamples: TemplateExample[] = [
  {
    description:
      'Apply every manifest the previous steps wrote under ./manifests',
    example: yaml.stringify({
      steps: [
        {
          id: 'deploy',
          action: 'kubernetes:apply',
          name: 'Deploy',
          input: {
            cluster: 'local',
            namespace: 'checkout-dev',
            paths: ['./manifests'],
          },
        },
      ],
    }),
  },
  {
    description: 'Apply an inline ConfigMap',
    example: yaml.stringify({
      steps: [
        {
          id: 'config',
          action: 'kubernetes:apply',
          name: 'Write configuration',
          input: {
            cluster: 'local',
            namespace: 'checkout-dev',
            manifests:
              'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: checkout-api-config\ndata:\n  LOG_LEVEL: info\n',
          },
        },
      ],
    }),
  },
];
