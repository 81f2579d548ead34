import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** One step of a software template, as an action example shows it. */
export interface ExampleStep {
  id: string;
  action: string;
  name: string;
  if?: string;
  input?: Record<string, unknown>;
}

/** An action example for the scaffolder's action list: what it does, and the template steps as YAML. */
export function templateExample(
  description: string,
  ...steps: ExampleStep[]
): TemplateExample {
  return { description, example: yaml.stringify({ steps }) };
}

/** A step of the given action, with an id for later steps to refer to and a name for the task log. */
export function actionStep(
  action: string,
  id: string,
  name: string,
  more: Pick<ExampleStep, 'if' | 'input'> = {},
): ExampleStep {
  return { id, action, name, ...more };
}

/** A `kubernetes:manifests:render` step with the given input. */
export function renderStep(input: Record<string, unknown>): ExampleStep {
  return actionStep(
    'kubernetes:manifests:render',
    'render',
    'Render manifests',
    {
      input,
    },
  );
}

/** A `kubernetes:apply` step deploying what the render step wrote to `./manifests`. */
export const deployStep = actionStep('kubernetes:apply', 'deploy', 'Deploy', {
  input: {
    cluster: 'local',
    namespace: 'checkout-dev',
    paths: ['./manifests'],
  },
});
