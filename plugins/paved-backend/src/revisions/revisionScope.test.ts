import { revisionScope } from './RevisionService';

const owned = [{ type: 'ownedBy', targetRef: 'group:default/team-checkout' }];

describe('revisionScope', () => {
  it("shows a component's revisions by its kubernetes id, in its owners' environments", () => {
    expect(
      revisionScope({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'checkout',
          annotations: { 'backstage.io/kubernetes-id': 'checkout-api' },
        },
        relations: owned,
      }),
    ).toEqual({
      teams: ['group:default/team-checkout'],
      component: 'checkout-api',
    });
  });

  it("shows every revision of a team's environments", () => {
    expect(
      revisionScope({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'team-checkout', namespace: 'default' },
      }),
    ).toEqual({ teams: ['group:default/team-checkout'] });
  });

  it('shows the one environment a kubernetes-environment Resource stands for', () => {
    expect(
      revisionScope({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'checkout-dev',
          annotations: {
            'paved.dev/cluster': 'local',
            'paved.dev/namespace': 'checkout-dev',
          },
        },
        spec: { type: 'kubernetes-environment', owner: 'team-checkout' },
        relations: owned,
      }),
    ).toEqual({
      teams: ['group:default/team-checkout'],
      environment: { cluster: 'local', namespace: 'checkout-dev' },
    });
  });
});
