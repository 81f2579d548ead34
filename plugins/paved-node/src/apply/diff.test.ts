import { createTwoFilesPatch } from 'diff';
import { dump } from 'js-yaml';
import yaml from 'yaml';
import { additionPatch, objectDiff } from './diff';

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

describe('objectDiff against nothing', () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'n', labels: { app: 'web' } },
    spec: {
      replicas: 2,
      template: {
        spec: {
          containers: [
            {
              name: 'web',
              image: 'web:1',
              args: ['--port', '8080', 'a long argument '.repeat(8)],
              env: [{ name: 'MULTI', value: 'line one\nline two\n' }],
            },
          ],
        },
      },
    },
  };

  it('is the unified diff the diff library writes for a new file', () => {
    const text = dump(deployment, { sortKeys: true, quotingType: '"' });
    const expected = createTwoFilesPatch(
      '/dev/null',
      'applied/Deployment n/web',
      '',
      text,
      undefined,
      undefined,
      { context: 3 },
    )
      .split('\n')
      .slice(1)
      .join('\n');
    expect(objectDiff('Deployment n/web', undefined, deployment)).toBe(
      expected,
    );
  });

  it('marks a text without a final newline as the diff library does', () => {
    expect(additionPatch('applied/x', 'a: 1')).toBe(
      createTwoFilesPatch('/dev/null', 'applied/x', '', 'a: 1')
        .split('\n')
        .slice(1)
        .join('\n'),
    );
  });

  it('is YAML that Kubernetes (YAML 1.1) reads back as the same object', () => {
    const tricky = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: {
        on: 'yes',
        mode: '0777',
        n: 'no',
        e: '1e3',
        t: 'tab\there',
        s: '',
      },
    };
    const diff = objectDiff('ConfigMap n/c', undefined, tricky);
    const text = diff
      .split('\n')
      .filter(line => line.startsWith('+') && !line.startsWith('+++'))
      .map(line => line.slice(1))
      .join('\n');
    expect(diff).toContain('+  "on": "yes"');
    expect(yaml.parse(text, { version: '1.1' })).toEqual(tricky);
  });

  it('writes repeated parts of an object out instead of as YAML anchors', () => {
    const probe = { exec: { command: ['true'] } };
    const diff = objectDiff('Pod n/p', undefined, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ livenessProbe: probe, readinessProbe: probe }] },
    });
    expect(diff).not.toMatch(/[&*]a1/);
    expect(diff.match(/command:/g)).toHaveLength(2);
  });
});

describe('objectDiff of an unchanged object', () => {
  it('is empty whatever the order of its keys', () => {
    const reordered = {
      data: { b: '2', a: '1' },
      metadata: { ...live.metadata, resourceVersion: '8' },
      kind: 'ConfigMap',
      apiVersion: 'v1',
    };
    expect(objectDiff('ConfigMap n/c', live, reordered)).toBe('');
  });

  it('still shows a value that changed only in type', () => {
    expect(
      objectDiff('ConfigMap n/c', live, {
        ...live,
        data: { a: 1 as unknown as string, b: '2' },
      }),
    ).toContain('+  a: 1');
  });
});
