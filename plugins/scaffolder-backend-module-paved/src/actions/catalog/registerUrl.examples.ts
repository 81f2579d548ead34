import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { actionStep, templateExample } from '../templateExample';

/** Examples of `paved:catalog:register-url` shown in the scaffolder's action list. */
export const registerUrlExamples: TemplateExample[] = [
  templateExample(
    'Register the component from the team’s repository paved:git:repository named',
    actionStep('paved:catalog:register-url', 'register', 'Register', {
      if: '${{ steps.repository.output.publish }}',
      input: {
        repoContentsUrl: '${{ steps.repository.output.repoContentsUrl }}',
      },
    }),
  ),
];
