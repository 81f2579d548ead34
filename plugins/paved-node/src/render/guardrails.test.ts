import { GOLDEN_PATHS, GoldenPath } from '@paved/plugin-paved-common';
import { checkGuardrails } from '../guardrails/checkGuardrails';
import {
  advancedSpecs,
  guardrailContext,
  simpleSpecs,
} from './__fixtures__/specs';
import { renderGoldenPath } from './renderGoldenPath';

const cases = GOLDEN_PATHS.flatMap(goldenPath => [
  [goldenPath, 'simple', simpleSpecs[goldenPath]],
  [goldenPath, 'advanced, large', advancedSpecs[goldenPath]],
  [goldenPath, 'small', { ...simpleSpecs[goldenPath], size: 'small' }],
]) as Array<[GoldenPath, string, object]>;

describe('golden paths pass every guardrail', () => {
  it.each(cases)(
    '%s (%s spec), rendered into the target namespace',
    (goldenPath, _variant, spec) => {
      const objects = renderGoldenPath(spec as any, goldenPath, {
        namespace: 'checkout-dev',
        environment: 'dev',
      });
      const violations = checkGuardrails(
        objects.map((object, i) => ({ object, source: `render#${i}` })),
        guardrailContext,
      );
      expect(violations).toEqual([]);
    },
  );

  it.each(cases)(
    '%s (%s spec), rendered without a namespace for the deploy step to fill in',
    (goldenPath, _variant, spec) => {
      const objects = renderGoldenPath(spec as any, goldenPath);
      expect(objects.every(o => o.metadata.namespace === undefined)).toBe(true);
      expect(
        checkGuardrails(
          objects.map((object, i) => ({ object, source: `render#${i}` })),
          guardrailContext,
        ),
      ).toEqual([]);
    },
  );

  it('is caught by the registry guardrail when rendered for another registry', () => {
    const objects = renderGoldenPath(
      {
        ...simpleSpecs['web-service'],
        image: undefined,
        buildpack: 'node',
        version: '1.0.0',
      },
      'web-service',
      { imageRegistry: 'ghcr.io/acme' },
    );
    const violations = checkGuardrails(
      objects.map((object, i) => ({ object, source: `render#${i}` })),
      guardrailContext,
    );
    expect(violations.map(v => v.rule)).toEqual(['images.registry']);
  });
});
