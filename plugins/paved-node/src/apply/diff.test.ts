import { objectDiff } from './diff';

const live = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name: 'c',
    namespace: 'n',
    resourceVersion: '5',
    uid: 'u',
    managedFields: [{ manager: 'paved' }],
    creationTimestamp: 't',
  },
  data: { a: '1', b: '2' },
};

describe('objectDiff', () => {
  it('shows changed fields and hides what the server maintains', () => {
    const diff = objectDiff('ConfigMap n/c', live, {
      ...live,
      metadata: { ...live.metadata, resourceVersion: '6' },
      data: { a: '1', b: '3' },
    });
    expect(diff).toContain('--- live/ConfigMap n/c');
    expect(diff).toContain('+++ applied/ConfigMap n/c');
    expect(diff).toContain('-  b: "2"');
    expect(diff).toContain('+  b: "3"');
    expect(diff).not.toMatch(/resourceVersion|managedFields|uid/);
  });

  it('is empty when nothing but bookkeeping changed', () => {
    expect(
      objectDiff('ConfigMap n/c', live, {
        ...live,
        metadata: { ...live.metadata, resourceVersion: '7' },
      }),
    ).toBe('');
  });

  it('shows a new object against nothing', () => {
    expect(objectDiff('ConfigMap n/c', undefined, live)).toContain(
      '--- /dev/null',
    );
  });
});
