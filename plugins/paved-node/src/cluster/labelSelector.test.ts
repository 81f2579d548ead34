import { labelSelector } from './labelSelector';

describe('labelSelector', () => {
  it('writes equality, set and existence requirements in the order given', () => {
    expect(
      labelSelector({
        'app.kubernetes.io/managed-by': 'paved',
        'paved.dev/team': ['group.default.checkout', 'group.default.search'],
        'backstage.io/kubernetes-id': { exists: true },
      }),
    ).toBe(
      'app.kubernetes.io/managed-by=paved,paved.dev/team in (group.default.checkout,group.default.search),backstage.io/kubernetes-id',
    );
  });

  it('selects everything with no requirements', () => {
    expect(labelSelector({})).toBe('');
  });

  it.each([
    ['a value', { app: 'web,tier=db' }, 'Value of label app "web,tier=db"'],
    [
      'a set value',
      { app: ['web', 'a) or (b'] },
      'Value of label app "a) or (b"',
    ],
    ['a key', { 'app!': 'web' }, 'Label key "app!"'],
  ])('refuses selector syntax in %s', (_, requirements, what) => {
    expect(() => labelSelector(requirements)).toThrow(
      `${what} cannot be used in a label selector`,
    );
  });
});
