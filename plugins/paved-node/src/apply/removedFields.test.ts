import { removedFields } from './removedFields';
import { KubernetesObject } from './types';

const cm = (data: Record<string, unknown>, extra: object = {}) =>
  ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', namespace: 'shop', ...extra },
    data,
  } as unknown as KubernetesObject);

describe('removedFields', () => {
  const label = 'ConfigMap shop/settings';

  it('names fields the live object has and the planned one lacks', () => {
    expect(
      removedFields(label, cm({ keep: '1', drop: '2' }), cm({ keep: '3' })),
    ).toEqual(['ConfigMap shop/settings: data.drop']);
  });

  it('names list items that disappear and nested keys', () => {
    const live = cm({ list: ['a', 'b', 'c'], nested: { x: 1, y: 2 } });
    const planned = cm({ list: ['a'], nested: { x: 1 } });
    expect(removedFields(label, live, planned)).toEqual([
      'ConfigMap shop/settings: data.list[1]',
      'ConfigMap shop/settings: data.list[2]',
      'ConfigMap shop/settings: data.nested.y',
    ]);
  });

  it('does not count changed values, additions, new objects or server fields', () => {
    expect(
      removedFields(label, cm({ a: '1' }), cm({ a: '2', b: '3' })),
    ).toEqual([]);
    expect(removedFields(label, undefined, cm({ a: '1' }))).toEqual([]);
    expect(
      removedFields(
        label,
        cm({ a: '1' }, { resourceVersion: '7', uid: 'u' }),
        cm({ a: '1' }),
      ),
    ).toEqual([]);
  });
});
