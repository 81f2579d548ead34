import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { actionStep, templateExample } from '../templateExample';

/** Examples of `kubernetes:environment:delete` shown in the scaffolder's action list. */
export const deleteEnvironmentExamples: TemplateExample[] = [
  templateExample(
    'Delete a preview environment',
    actionStep(
      'kubernetes:environment:delete',
      'delete',
      'Delete the preview',
      {
        input: { cluster: 'local', namespace: 'checkout-preview-142' },
      },
    ),
  ),
];
