import { InputError } from '@backstage/errors';
import { ResourceMapper } from '../apply/ResourceMapper';
import { simpleSpecs } from './__fixtures__/specs';
import { renderGoldenPath } from './renderGoldenPath';
import { kindServedBy, withoutMissingKinds } from './withoutMissingKinds';

const objects = renderGoldenPath(simpleSpecs['web-service'], 'web-service');

describe('withoutMissingKinds', () => {
  it('drops the ServiceMonitor when the cluster does not serve it, with a note', async () => {
    const result = await withoutMissingKinds(
      objects,
      o => o.apiVersion !== 'monitoring.coreos.com/v1',
    );
    expect(result.objects.map(o => o.kind)).not.toContain('ServiceMonitor');
    expect(result.objects).toHaveLength(objects.length - 1);
    expect(result.skipped).toEqual([
      {
        object: objects.find(o => o.kind === 'ServiceMonitor'),
        note: 'Skipped ServiceMonitor checkout-api: the cluster does not serve monitoring.coreos.com/v1 ServiceMonitor; install its CRD (or operator) to get it',
      },
    ]);
  });

  it('keeps everything when every kind is served', async () => {
    const result = await withoutMissingKinds(objects, async () => true);
    expect(result).toEqual({ objects, skipped: [] });
  });

  it('never drops objects that are not marked optional', async () => {
    const result = await withoutMissingKinds(objects, () => false);
    expect(result.objects).toHaveLength(objects.length - 1);
  });

  it('asks API discovery through kindServedBy', async () => {
    const mapper = {
      resolve: jest.fn(async (apiVersion: string, kind: string) => {
        if (apiVersion === 'monitoring.coreos.com/v1') {
          throw new InputError(`apiVersion ${apiVersion} is not served`);
        }
        return { base: `/apis/${apiVersion}`, plural: kind, namespaced: true };
      }),
    } as unknown as ResourceMapper;
    const result = await withoutMissingKinds(objects, kindServedBy(mapper));
    expect(result.skipped.map(s => s.object.kind)).toEqual(['ServiceMonitor']);
    expect(mapper.resolve).toHaveBeenCalledTimes(1);

    const broken = {
      resolve: async () => {
        throw new Error('connection refused');
      },
    } as unknown as ResourceMapper;
    await expect(
      withoutMissingKinds(objects, kindServedBy(broken)),
    ).rejects.toThrow('connection refused');
  });
});
