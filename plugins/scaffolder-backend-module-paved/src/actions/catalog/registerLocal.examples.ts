import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { actionStep, templateExample } from '../templateExample';

const register = (more: Parameters<typeof actionStep>[3]) =>
  actionStep(
    'paved:catalog:register-local',
    'registerLocal',
    'Register in the catalog',
    more,
  );

/** Examples of `paved:catalog:register-local` shown in the scaffolder's action list. */
export const registerLocalExamples: TemplateExample[] = [
  templateExample(
    'Register the catalog-info.yaml the skeleton wrote, when no repository was published',
    register({ if: '${{ not parameters.repoUrl }}' }),
  ),
  templateExample(
    'Register a catalog file kept in a sub-folder of the workspace',
    register({ input: { catalogInfoPath: './service/catalog-info.yaml' } }),
  ),
];
