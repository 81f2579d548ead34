import { mergeObjects } from './mergeObjects';

describe('mergeObjects', () => {
  it('merges maps key by key and takes lists and scalars from the desired object', () => {
    const live = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', labels: { a: '1', b: '2' }, uid: 'u1' },
      spec: {
        replicas: 2,
        template: { spec: { containers: [{ name: 'api', image: 'x:1' }] } },
      },
    };
    const desired = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', labels: { b: '3' } },
      spec: {
        replicas: 3,
        template: { spec: { containers: [{ name: 'api', image: 'x:2' }] } },
      },
    };
    expect(mergeObjects(live, desired)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', labels: { a: '1', b: '3' }, uid: 'u1' },
      spec: {
        replicas: 3,
        template: { spec: { containers: [{ name: 'api', image: 'x:2' }] } },
      },
    });
    expect(live.spec.replicas).toBe(2);
  });
});
