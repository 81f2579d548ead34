import { findIdleEnvironments } from './idleEnvironments';

describe('findIdleEnvironments', () => {
  it('flags ephemeral environments without traffic, most expensive first', () => {
    const labels = (lifecycle: string) => ({
      'paved.dev/lifecycle': lifecycle,
      'paved.dev/team': 'group.default.team-checkout',
    });
    expect(
      findIdleEnvironments({
        namespaceLabels: {
          'checkout-preview-1': labels('ephemeral'),
          'checkout-preview-2': labels('ephemeral'),
          'checkout-preview-3': labels('ephemeral'),
          'checkout-dev': labels('persistent'),
        },
        requests: {
          'checkout-preview-1': 0.4,
          'checkout-preview-3': 120,
          'checkout-dev': 0,
        },
        costs: { 'checkout-preview-1': 3, 'checkout-preview-2': 12.5 },
      }),
    ).toEqual([
      {
        namespace: 'checkout-preview-2',
        team: 'group:default/team-checkout',
        requests: 0,
        cost: 12.5,
      },
      {
        namespace: 'checkout-preview-1',
        team: 'group:default/team-checkout',
        requests: 0.4,
        cost: 3,
      },
    ]);
  });
});
