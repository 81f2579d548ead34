import { InputError } from '@backstage/errors';
import { MAX_MANIFEST_BYTES, parseManifests } from './parseManifests';

describe('parseManifests', () => {
  it('reads every document and skips empty ones', () => {
    const objects = parseManifests(
      [
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
        '',
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: b\n  namespace: dev\n',
      ].join('---\n'),
      'app.yaml',
    );
    expect(
      objects.map(o => [o.source, o.object.kind, o.object.metadata.name]),
    ).toEqual([
      ['app.yaml#0', 'ConfigMap', 'a'],
      ['app.yaml#2', 'Deployment', 'b'],
    ]);
  });

  it('reports every problem at once with document index and field path', () => {
    let error: unknown;
    try {
      parseManifests(
        [
          'kind: ConfigMap\nmetadata:\n  name: Bad_Name\n',
          'apiVersion: v1\nkind: Secret\nmetadata:\n  name: ok\n  namespace: "Not Valid"\n',
          'apiVersion: v1\nkind: ConfigMap\n',
          '- a list\n',
        ].join('---\n'),
        'bad.yaml',
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const message = (error as Error).message;
    expect(message).toContain(
      'bad.yaml#0: apiVersion: missing; set it, e.g. apps/v1',
    );
    expect(message).toContain(
      'bad.yaml#0: metadata.name: "Bad_Name" contains capital letters',
    );
    expect(message).toContain(
      'bad.yaml#1: metadata.namespace: "Not Valid" contains white space',
    );
    expect(message).toContain(
      'bad.yaml#2: metadata: missing; every object needs metadata.name',
    );
    expect(message).toContain('bad.yaml#3: the document is not a mapping');
  });

  it('refuses alias bombs instead of expanding them', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const next = String.fromCharCode(97 + i);
      lines.push(`${next}: &${next} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    const bomb = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n  ${lines.join(
      '\n  ',
    )}\n`;
    expect(() => parseManifests(bomb, 'bomb.yaml')).toThrow(
      /bomb\.yaml#0: .*[Aa]lias/,
    );
  });

  it('refuses oversize input and says how to fix it', () => {
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  x: "${'y'.repeat(
      MAX_MANIFEST_BYTES,
    )}"\n`;
    expect(() => parseManifests(big, 'big.yaml')).toThrow(
      /split the manifests into several files/,
    );
  });

  it('reports YAML syntax errors with their document', () => {
    expect(() =>
      parseManifests('apiVersion: v1\nkind: [unclosed\n', 's.yaml'),
    ).toThrow(/s\.yaml#0: /);
  });
});
