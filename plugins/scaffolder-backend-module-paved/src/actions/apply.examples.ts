import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { actionStep, deployStep, templateExample } from './templateExample';

/** Examples of `kubernetes:apply` shown in the scaffolder's action list. */
export const applyExamples: TemplateExample[] = [
  templateExample(
    'Apply every manifest the previous steps wrote under ./manifests',
    deployStep,
  ),
  templateExample(
    'Apply an inline ConfigMap',
    actionStep('kubernetes:apply', 'config', 'Write configuration', {
      input: {
        cluster: 'local',
        namespace: 'checkout-dev',
        manifests:
          'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: checkout-api-config\ndata:\n  LOG_LEVEL: info\n',
      },
    }),
  ),
];
