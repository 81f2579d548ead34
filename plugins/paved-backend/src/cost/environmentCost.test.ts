import { InputError } from '@backstage/errors';
import { BOB, entity, fakeCostService } from './__testUtils__/fakeCost';

/** An environment as Paved's catalog provider adds it. */
function environmentResource(
  name: string,
  annotations: Record<string, string>,
) {
  return entity('Resource', name, {
    annotations,
    spec: { type: 'kubernetes-environment', owner: 'team-checkout' },
  });
}

describe('environmentCost', () => {
  it('charges one namespace of the owner, per component and workload', async () => {
    const { service, source } = fakeCostService();
    const cost = await service.environmentCost(
      environmentResource('local-checkout-dev', {
        'paved.dev/cluster': 'local',
        'paved.dev/namespace': 'checkout-dev',
      }),
      BOB,
    );
    expect(source.loads).toEqual([
      expect.objectContaining({ namespaces: ['checkout-dev'] }),
    ]);
    expect(cost).toMatchObject({
      entityRef: 'resource:default/local-checkout-dev',
      cluster: 'local',
      namespace: 'checkout-dev',
      environment: 'dev',
      team: 'group:default/team-checkout',
      notes: [],
    });
    // 1 core for 10 h at 0.04, at that rate for the month's 720 hours
    expect(cost.monthToDate).toBeCloseTo(0.4, 9);
    expect(cost.projected).toBeCloseTo(28.8, 9);
    expect(cost.byComponent.map(l => [l.name, l.total])).toEqual([
      ['checkout-api', expect.closeTo(0.4, 9)],
    ]);
    expect(cost.byWorkload.map(l => [l.namespace, l.total])).toEqual([
      ['checkout-dev', expect.closeTo(0.4, 9)],
    ]);
  });

  it('charges nothing for a namespace that is not an environment of the owner', async () => {
    const { service, source } = fakeCostService();
    const cost = await service.environmentCost(
      environmentResource('local-search-dev', {
        'paved.dev/cluster': 'local',
        'paved.dev/namespace': 'search-dev',
      }),
      BOB,
    );
    expect(source.loads).toEqual([]);
    expect(cost).toMatchObject({
      namespace: 'search-dev',
      monthToDate: 0,
      byComponent: [],
      notes: [
        'search-dev on local is not an environment of group:default/team-checkout now, so nothing is charged.',
      ],
    });
    expect(cost).not.toHaveProperty('environment');
  });

  it('refuses a resource that is not a Paved environment', async () => {
    const { service } = fakeCostService();
    const wrong = service.environmentCost(
      environmentResource('not-an-environment', {}),
      BOB,
    );
    await expect(wrong).rejects.toThrow(InputError);
    await expect(wrong).rejects.toThrow(
      'resource:default/not-an-environment is not a Paved environment',
    );
  });
});
