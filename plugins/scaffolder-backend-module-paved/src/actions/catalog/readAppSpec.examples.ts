import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `paved:app-spec:read` shown in the scaffolder's action list. */
export const readAppSpecExamples: TemplateExample[] = [
  {
    description:
      'Build a web service spec from the form, with expert patches typed as YAML, then render it',
    example: yaml.stringify({
      steps: [
        {
          id: 'spec',
          action: 'paved:app-spec:read',
          name: 'Check the app spec',
          input: {
            goldenPath: 'web-service',
            spec: {
              name: '${{ parameters.name }}',
              owner: '${{ parameters.owner }}',
              image: '${{ parameters.source.image }}',
              port: '${{ parameters.port }}',
              env: '${{ parameters.env }}',
            },
            patches: '${{ parameters.patches }}',
          },
        },
        {
          id: 'render',
          action: 'kubernetes:manifests:render',
          name: 'Render manifests',
          input: {
            goldenPath: '${{ steps.spec.output.goldenPath }}',
            spec: '${{ steps.spec.output.spec }}',
            namespace: '${{ parameters.namespace }}',
          },
        },
      ],
    }),
  },
  {
    description:
      'Deploy the paved.yaml of an existing repository: fetch it, read it, render and apply',
    example: yaml.stringify({
      steps: [
        {
          id: 'fetch',
          action: 'fetch:plain:file',
          name: 'Fetch paved.yaml',
          input: {
            url: 'https://github.com/acme/orders-api/blob/main/paved.yaml',
            targetPath: './paved.yaml',
          },
        },
        {
          id: 'spec',
          action: 'paved:app-spec:read',
          name: 'Check the app spec',
          input: { path: './paved.yaml' },
        },
      ],
    }),
  },
];
