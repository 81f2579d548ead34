import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `paved:catalog:register-local` shown in the scaffolder's action list. */
export const registerLocalExamples: TemplateExample[] = [
  {
    description:
      'Register the catalog-info.yaml the skeleton wrote, when no repository was published',
    example: yaml.stringify({
      steps: [
        {
          id: 'registerLocal',
          action: 'paved:catalog:register-local',
          name: 'Register in the catalog',
          if: '${{ not parameters.repoUrl }}',
        },
      ],
    }),
  },
  {
    description:
      'Register a catalog file kept in a sub-folder of the workspace',
    example: yaml.stringify({
      steps: [
        {
          id: 'registerLocal',
          action: 'paved:catalog:register-local',
          name: 'Register in the catalog',
          input: { catalogInfoPath: './service/catalog-info.yaml' },
        },
      ],
    }),
  },
];
