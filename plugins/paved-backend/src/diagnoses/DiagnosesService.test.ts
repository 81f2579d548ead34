import { diagnoseNamespace, listEnvironments } from '@paved/plugin-paved-node';
import { fakeClusters } from '../__testUtils__/fakeClusters';
import { component } from '../__testUtils__/startPavedBackend';
import { DiagnosesService } from './DiagnosesService';

jest.mock('@paved/plugin-paved-node', () => ({
  ...jest.requireActual('@paved/plugin-paved-node'),
  listEnvironments: jest.fn(),
  diagnoseNamespace: jest.fn(),
}));

const ann = { user: 'user:default/ann', groups: ['group:default/shop'] };
const bob = { user: 'user:default/bob', groups: ['group:default/shop'] };
const shop = component('shop', 'shop', 'shop');

describe('DiagnosesService', () => {
  it('finds the diagnoses once for the same user and entity asked for at once, once per user otherwise', async () => {
    const service = new DiagnosesService(fakeClusters({ a: ['shop-dev'] }));
    jest.mocked(diagnoseNamespace).mockImplementation(async (_client, o) => [
      {
        kind: 'Pod',
        name: 'shop-1',
        reason: 'CrashLoopBackOff',
        namespace: o.namespace,
      } as any,
    ]);
    const [first, second, bobs] = await Promise.all([
      service.diagnoses(shop, ann),
      service.diagnoses(shop, { ...ann }),
      service.diagnoses(shop, bob),
    ]);
    expect(second).toBe(first);
    expect(bobs.diagnoses).toEqual(first.diagnoses);
    expect(first.diagnoses).toEqual([
      expect.objectContaining({ name: 'shop-1', namespace: 'shop-dev' }),
    ]);
    expect(diagnoseNamespace).toHaveBeenCalledTimes(2);
    expect(listEnvironments).toHaveBeenCalledTimes(2);
    await service.diagnoses(shop, ann);
    expect(diagnoseNamespace).toHaveBeenCalledTimes(3);
  });
});
