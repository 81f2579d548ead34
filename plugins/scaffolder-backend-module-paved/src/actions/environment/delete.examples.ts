import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const deleteEnvironmentExamples: TemplateExample[] = [
  {
    description: 'Delete a preview environment',
    example: yaml.stringify({
      steps: [
        {
          id: 'delete',
          action: 'kubernetes:environment:delete',
          name: 'Delete the preview',
          input: { cluster: 'local', namespace: 'checkout-preview-142' },
        },
      ],
    }),
  },
];
