import {
  isKubernetesName,
  kubernetesNameProblem,
  kubernetesNameSchema,
} from './names';

describe('Kubernetes names', () => {
  it.each([
    ['checkout-production', 'label'],
    ['a', 'label'],
    ['x'.repeat(63), 'label'],
    ['checkout-api.v2', 'subdomain'],
  ] as const)('accepts %j as a %s', (value, kind) => {
    expect(kubernetesNameProblem('namespace', value, kind)).toBeUndefined();
    expect(isKubernetesName(value, kind)).toBe(true);
  });

  it.each([
    ['Checkout-Production', 'label', 'contains capital letters'],
    [' checkout', 'label', 'contains white space'],
    ['checkout\n', 'label', 'contains white space'],
    ['checkout/../search', 'label', 'contains a path separator'],
    ['checkout\\x', 'subdomain', 'contains a path separator'],
    ['checkout%2Fx', 'label', 'contains "%" (URL-encoded text)'],
    ['..', 'subdomain', 'contains ".."'],
    ['a..b', 'subdomain', 'contains ".."'],
    ['checkout.dev', 'label', 'contains "."'],
    ['-checkout', 'label', 'is not a DNS-1123 name'],
    ['', 'label', 'is empty'],
  ] as const)(
    'refuses %j as a %s, naming the field and why',
    (value, kind, why) => {
      const problem = kubernetesNameProblem('namespace', value, kind);
      expect(problem).toMatch(
        new RegExp(
          `^namespace: ${JSON.stringify(value).replace(
            /[.*+?^${}()|[\]\\]/g,
            '\\$&',
          )} `,
        ),
      );
      expect(problem).toContain(why);
      expect(isKubernetesName(value, kind)).toBe(false);
    },
  );

  it('refuses names that are too long or not text', () => {
    expect(kubernetesNameProblem('namespace', 'x'.repeat(64), 'label')).toMatch(
      /^namespace: "x+…" is 64 characters long; use at most 63/,
    );
    expect(kubernetesNameProblem('name', 42, 'subdomain')).toMatch(
      /^name: must be a text name/,
    );
  });

  it('gives zod the same message', () => {
    const parsed = kubernetesNameSchema('source', 'label').safeParse('A/b');
    expect(parsed.success).toBe(false);
    expect(!parsed.success && parsed.error.issues[0].message).toBe(
      kubernetesNameProblem('source', 'A/b', 'label'),
    );
  });
});
