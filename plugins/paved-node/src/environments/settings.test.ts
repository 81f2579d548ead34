import { ConfigReader } from '@backstage/config';
import { environmentObjects } from './environmentObjects';
import { isProtectedName, readEnvironmentSettings } from './settings';

describe('protected environment names', () => {
  const settings = readEnvironmentSettings(
    new ConfigReader({
      paved: { environments: { protected: ['production', 'production-*'] } },
    }),
  );

  it.each([
    ['production', true],
    ['production-eu', true],
    ['production-', true],
    ['productions', false],
    ['pre-production', false],
    ['staging', false],
  ])('%s → %s', (name, expected) => {
    expect(isProtectedName(settings, name)).toBe(expected);
  });

  it('defaults to production and prod, matched exactly', () => {
    const defaults = readEnvironmentSettings(new ConfigReader({}));
    expect(defaults.protectedNames).toEqual(['production', 'prod']);
    expect(isProtectedName(defaults, 'prod')).toBe(true);
    expect(isProtectedName(defaults, 'prod-eu')).toBe(false);
  });

  it('labels an environment matched by a pattern as protected, binds developers as viewers there, and refuses it as ephemeral', () => {
    const spec = {
      name: 'production-eu',
      team: 'group:default/team-checkout',
      size: 'small',
      lifecycle: 'persistent' as const,
    };
    const [namespace, ...rest] = environmentObjects(spec, settings);
    expect(namespace.metadata.labels).toMatchObject({
      'paved.dev/protected': 'true',
    });
    const developers = rest.find(o => o.metadata.name === 'paved:developers');
    expect((developers as any).roleRef.name).toBe('paved:viewer');
    expect(() =>
      environmentObjects({ ...spec, lifecycle: 'ephemeral' }, settings),
    ).toThrow(
      'lifecycle: production-eu is a protected environment name and cannot be ephemeral; use lifecycle persistent',
    );
  });
});
