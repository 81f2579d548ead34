import { InputError } from '@backstage/errors';
import { applyPatch } from 'fast-json-patch';
import { foreignFieldRemovals, removalPatch } from './foreignFields';
import { liveDeployment, revisionDeployment } from './fixtures';

const DEBUG_PATH = 'spec.template.spec.containers[name=api].env[name=DEBUG]';

/** The live Deployment after kubectl scale, set env, label and annotate. */
function driftedDeployment() {
  return liveDeployment({ scaled: true, debug: true, labeled: true });
}

describe('foreignFieldRemovals', () => {
  it('lists the fields other managers added, not the ones they changed', () => {
    expect(
      foreignFieldRemovals(revisionDeployment(), driftedDeployment()),
    ).toEqual([
      {
        path: 'metadata.annotations["example.com/note"]',
        pointer: '/metadata/annotations/example.com~1note',
      },
      { path: 'metadata.labels.team', pointer: '/metadata/labels/team' },
      { path: DEBUG_PATH, pointer: '/spec/template/spec/containers/0/env/1' },
    ]);
  });

  it('is empty when nothing was added', () => {
    expect(
      foreignFieldRemovals(
        revisionDeployment(),
        liveDeployment({ scaled: true }),
      ),
    ).toEqual([]);
  });
});

describe('removalPatch', () => {
  it('tests each list item by its key before removing, and the result has no foreign field left', () => {
    const live = driftedDeployment();
    const patch = removalPatch(
      foreignFieldRemovals(revisionDeployment(), live),
      live,
    );
    expect(patch).toEqual([
      {
        op: 'test',
        path: '/spec/template/spec/containers/0/name',
        value: 'api',
      },
      {
        op: 'test',
        path: '/spec/template/spec/containers/0/env/1/name',
        value: 'DEBUG',
      },
      { op: 'remove', path: '/spec/template/spec/containers/0/env/1' },
      { op: 'remove', path: '/metadata/labels/team' },
      { op: 'remove', path: '/metadata/annotations/example.com~1note' },
    ]);
    const { newDocument } = applyPatch(
      structuredClone(live),
      patch,
      true,
      false,
    );
    expect(newDocument.metadata.labels).toEqual({
      app: 'api',
      'backstage.io/kubernetes-id': 'api',
    });
    expect(newDocument.metadata.annotations).toEqual({
      'deployment.kubernetes.io/revision': '2',
    });
    expect((newDocument.spec as any).template.spec.containers[0].env).toEqual([
      { name: 'LOG_LEVEL', value: 'info' },
    ]);
  });

  it('fails instead of removing another item when the list was reordered since it was read', () => {
    const live = driftedDeployment();
    const patch = removalPatch(
      foreignFieldRemovals(revisionDeployment(), live),
      live,
    );
    const reordered = structuredClone(live);
    (reordered.spec as any).template.spec.containers[0].env.reverse();
    expect(() => applyPatch(reordered, patch, true, false)).toThrow(
      /Test operation failed/,
    );
    expect(
      (reordered.spec as any).template.spec.containers[0].env,
    ).toHaveLength(2);
  });

  it('removes higher list indices first so each index still holds', () => {
    const live = liveDeployment();
    (live.spec as any).template.spec.containers[0].env.push(
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
    );
    const removals = ['A', 'B'].map(name => ({
      path: `spec.template.spec.containers[name=api].env[name=${name}]`,
      pointer: '',
    }));
    const patch = removalPatch(removals, live);
    expect(patch.filter(op => op.op === 'remove').map(op => op.path)).toEqual([
      '/spec/template/spec/containers/0/env/2',
      '/spec/template/spec/containers/0/env/1',
    ]);
    const { newDocument } = applyPatch(
      structuredClone(live),
      patch,
      true,
      false,
    );
    expect((newDocument.spec as any).template.spec.containers[0].env).toEqual([
      { name: 'LOG_LEVEL', value: 'info' },
    ]);
  });

  it('skips fields already gone and fields under another removal', () => {
    const live = liveDeployment({ debug: true });
    const patch = removalPatch(
      [
        { path: 'metadata.labels.gone', pointer: '/metadata/labels/gone' },
        { path: DEBUG_PATH, pointer: '' },
        { path: `${DEBUG_PATH}.value`, pointer: '' },
      ],
      live,
    );
    expect(patch.filter(op => op.op === 'remove')).toEqual([
      { op: 'remove', path: '/spec/template/spec/containers/0/env/1' },
    ]);
  });

  it('refuses a path that is not a field path', () => {
    expect(() =>
      removalPatch([{ path: '', pointer: '' }], liveDeployment()),
    ).toThrow(InputError);
    expect(() =>
      removalPatch([{ path: 'spec.ports[', pointer: '' }], liveDeployment()),
    ).toThrow(/Field path "spec.ports\[" is not valid/);
  });
});
