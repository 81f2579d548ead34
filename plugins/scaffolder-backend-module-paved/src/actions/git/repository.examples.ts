import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { actionStep, templateExample } from '../templateExample';

/** Examples of `paved:git:repository` shown in the scaffolder's action list. */
export const repositoryExamples: TemplateExample[] = [
  templateExample(
    'Check, before deploying, that the team’s repository can be created (or that there is no git host)',
    actionStep('paved:git:repository', 'repository', 'Check the repository', {
      input: {
        name: '${{ parameters.name }}',
        owner: '${{ parameters.owner }}',
      },
    }),
  ),
];
