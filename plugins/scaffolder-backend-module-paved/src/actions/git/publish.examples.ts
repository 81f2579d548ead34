import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { actionStep, templateExample } from '../templateExample';

/** Examples of `paved:git:publish` shown in the scaffolder's action list. */
export const publishExamples: TemplateExample[] = [
  templateExample(
    'Publish the workspace to the team’s repository when a git host is configured',
    actionStep('paved:git:repository', 'repository', 'Check the repository', {
      input: {
        name: '${{ parameters.name }}',
        owner: '${{ parameters.owner }}',
      },
    }),
    actionStep('paved:git:publish', 'publish', 'Publish the code', {
      if: '${{ steps.repository.output.publish and not steps.repository.output.exists }}',
      input: {
        name: '${{ parameters.name }}',
        owner: '${{ parameters.owner }}',
        description: 'Orders API, deployed with Paved',
      },
    }),
  ),
];
