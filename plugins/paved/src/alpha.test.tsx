import plugin, {
  pavedEntityCards,
  pavedEnvironmentCostCard,
  pavedTeamApprovalsCard,
  pavedTeamCostCard,
} from './alpha';

describe('new frontend system plugin', () => {
  it('offers the tab and every card as an extension, the cards off until enabled', () => {
    const cards = pavedEntityCards as unknown as Array<{
      kind: string;
      name: string;
      disabled: boolean;
    }>;
    expect(cards.map(c => [c.kind, c.name, c.disabled])).toEqual(
      [
        'environments',
        'workloads',
        'logs',
        'metrics',
        'events',
        'troubleshooting',
      ].map(name => ['entity-card', name, true]),
    );
    expect(plugin.id).toBe('paved');
  });

  it('turns the cards of group and environment pages on, since those pages have no Platform tab', () => {
    const on = [
      pavedTeamCostCard,
      pavedTeamApprovalsCard,
      pavedEnvironmentCostCard,
    ] as unknown as Array<{
      kind: string;
      name: string;
      disabled: boolean;
    }>;
    expect(on.map(c => [c.kind, c.name, c.disabled])).toEqual([
      ['entity-card', 'team-cost', false],
      ['entity-card', 'team-change-requests', false],
      ['entity-card', 'environment-cost', false],
    ]);
  });
});
