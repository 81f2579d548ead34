import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { actionStep, renderStep, templateExample } from '../templateExample';

const read = (input: Record<string, unknown>) =>
  actionStep('paved:app-spec:read', 'spec', 'Check the app spec', { input });

/** Examples of `paved:app-spec:read` shown in the scaffolder's action list. */
export const readAppSpecExamples: TemplateExample[] = [
  templateExample(
    'Build a web service spec from the form, with expert patches typed as YAML, then render it',
    read({
      goldenPath: 'web-service',
      spec: {
        name: '${{ parameters.name }}',
        owner: '${{ parameters.owner }}',
        image: '${{ parameters.source.image }}',
        port: '${{ parameters.port }}',
        env: '${{ parameters.env }}',
      },
      patches: '${{ parameters.patches }}',
    }),
    renderStep({
      goldenPath: '${{ steps.spec.output.goldenPath }}',
      spec: '${{ steps.spec.output.spec }}',
      namespace: '${{ parameters.namespace }}',
    }),
  ),
  templateExample(
    'Deploy the paved.yaml of an existing repository: fetch it, read it, render and apply',
    actionStep('fetch:plain:file', 'fetch', 'Fetch paved.yaml', {
      input: {
        url: 'https://github.com/acme/orders-api/blob/main/paved.yaml',
        targetPath: './paved.yaml',
      },
    }),
    read({ path: './paved.yaml' }),
  ),
];
