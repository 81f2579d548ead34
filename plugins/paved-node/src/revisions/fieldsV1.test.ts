import { InputError } from '@backstage/errors';
import {
  formatFieldPath,
  locateField,
  parseFieldPath,
  parseFieldsV1,
  parseFieldsV1Key,
} from './fieldsV1';
import { liveDeployment, setEnvEntry } from './fixtures';

const paths = (fieldsV1: unknown) =>
  parseFieldsV1(fieldsV1).map(leaf => ({
    path: formatFieldPath(leaf.segments),
    members: leaf.members?.map(member => formatFieldPath(member.segments)),
  }));

describe('parseFieldsV1', () => {
  it('reads the leaves of a tree, a list item owned as a whole as one leaf with its members', () => {
    expect(paths(setEnvEntry.fieldsV1)).toEqual([
      {
        path: 'spec.template.spec.containers[name=api].env[name=DEBUG]',
        members: [
          'spec.template.spec.containers[name=api].env[name=DEBUG].name',
          'spec.template.spec.containers[name=api].env[name=DEBUG].value',
        ],
      },
    ]);
  });

  it('reads fields, multi-field keys, set values and positions', () => {
    expect(
      paths({
        'f:spec': {
          'f:replicas': {},
          'f:ports': {
            'k:{"containerPort":80,"protocol":"TCP"}': {
              '.': {},
              'f:name': {},
            },
          },
        },
        'f:metadata': {
          'f:labels': { '.': {}, 'f:app.kubernetes.io/name': {} },
          'f:finalizers': { '.': {}, 'v:"example.com/cleanup"': {} },
        },
        'f:args': { 'i:0': {} },
      }),
    ).toEqual([
      { path: 'spec.replicas', members: undefined },
      {
        path: 'spec.ports[containerPort=80,protocol=TCP]',
        members: ['spec.ports[containerPort=80,protocol=TCP].name'],
      },
      { path: 'metadata.labels["app.kubernetes.io/name"]', members: undefined },
      {
        path: 'metadata.finalizers[="example.com/cleanup"]',
        members: undefined,
      },
      { path: 'args[0]', members: undefined },
    ]);
  });

  it('takes a map that is only owned as itself as a leaf', () => {
    expect(
      paths({ 'f:spec': { 'f:selector': {}, 'f:strategy': { '.': {} } } }),
    ).toEqual([
      { path: 'spec.selector', members: undefined },
      { path: 'spec.strategy', members: undefined },
    ]);
  });

  it('names a key it does not know', () => {
    expect(() => parseFieldsV1({ 'x:spec': {} })).toThrow(InputError);
    expect(() => parseFieldsV1Key('k:{"name":')).toThrow(/not valid JSON/);
    expect(() => parseFieldsV1Key('i:-1')).toThrow(/non-negative integer/);
  });
});

describe('readable paths', () => {
  it.each([
    'spec.replicas',
    'spec.template.spec.containers[name=api].env[name=DEBUG].value',
    'spec.ports[containerPort=80,protocol=TCP]',
    'metadata.annotations["example.com/owner"]',
    'metadata.finalizers[="example.com/cleanup"]',
    'spec.template.spec.containers[name=api].args[2]',
    'data["app.properties"]',
  ])('parses %s back to the path it came from', path => {
    expect(formatFieldPath(parseFieldPath(path))).toBe(path);
  });

  it('quotes key values that would read as another type or hold separators', () => {
    const segments = [
      { field: 'items' },
      { key: { name: '80', other: 'a,b]', flag: true, port: 80 } },
    ];
    const path = formatFieldPath(segments);
    expect(path).toBe('items[name="80",other="a,b]",flag=true,port=80]');
    expect(parseFieldPath(path)).toEqual(segments);
  });

  it('names the place a path goes wrong', () => {
    expect(() => parseFieldPath('spec..replicas')).toThrow(InputError);
    expect(() => parseFieldPath('spec.ports[containerPort=80')).toThrow(
      /character 28: expected "]"/,
    );
  });
});

describe('locateField', () => {
  it('finds list items by key in the live object and pins them with tests', () => {
    const live = liveDeployment({ debug: true });
    const found = locateField(
      live,
      parseFieldPath('spec.template.spec.containers[name=api].env[name=DEBUG]'),
    );
    expect(found).toEqual({
      value: { name: 'DEBUG', value: '1' },
      pointer: '/spec/template/spec/containers/0/env/1',
      tests: [
        { path: '/spec/template/spec/containers/0/name', value: 'api' },
        { path: '/spec/template/spec/containers/0/env/1/name', value: 'DEBUG' },
      ],
    });
  });

  it('finds set items by value and pins them with a test of the value', () => {
    const found = locateField(
      { metadata: { finalizers: ['example.com/a', 'example.com/b'] } },
      parseFieldPath('metadata.finalizers[="example.com/b"]'),
    );
    expect(found).toEqual({
      value: 'example.com/b',
      pointer: '/metadata/finalizers/1',
      tests: [{ path: '/metadata/finalizers/1', value: 'example.com/b' }],
    });
  });

  it('escapes ~ and / in pointers (RFC 6901)', () => {
    const found = locateField(
      { metadata: { annotations: { 'example.com/a~b': 'x' } } },
      parseFieldPath('metadata.annotations["example.com/a~b"]'),
    );
    expect(found?.pointer).toBe('/metadata/annotations/example.com~1a~0b');
  });

  it('matches a left-out protocol as TCP only when asked to', () => {
    const manifest = { ports: [{ containerPort: 8080 }] };
    const segments = parseFieldPath('ports[containerPort=8080,protocol=TCP]');
    expect(locateField(manifest, segments)).toBeUndefined();
    expect(
      locateField(manifest, segments, { defaultedKeys: true })?.pointer,
    ).toBe('/ports/0');
  });

  it('is undefined for a field the object lacks', () => {
    const live = liveDeployment();
    expect(locateField(live, parseFieldPath('spec.paused'))).toBeUndefined();
    expect(
      locateField(
        live,
        parseFieldPath('spec.template.spec.containers[name=web]'),
      ),
    ).toBeUndefined();
    expect(
      locateField(live, parseFieldPath('spec.replicas[0]')),
    ).toBeUndefined();
  });
});
