import plugin, {
  pavedDriftCard,
  pavedEntityCards,
  pavedRevisionsCard,
  pavedEnvironmentCostCard,
  pavedEnvironmentRevisionsCard,
  pavedSecretRefPickerFormField,
  pavedChangePreviewFormField,
  pavedSecretsCard,
  pavedTeamApprovalsCard,
  pavedTeamCostCard,
  pavedTeamSecretsCard,
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
      pavedTeamSecretsCard,
      pavedEnvironmentCostCard,
      pavedEnvironmentRevisionsCard,
    ] as unknown as Array<{
      kind: string;
      name: string;
      disabled: boolean;
    }>;
    expect(on.map(c => [c.kind, c.name, c.disabled])).toEqual([
      ['entity-card', 'team-cost', false],
      ['entity-card', 'team-change-requests', false],
      ['entity-card', 'team-secrets', false],
      ['entity-card', 'environment-cost', false],
      ['entity-card', 'environment-revisions', false],
    ]);
    // the component's Secrets card is on its Platform tab, so its own card is off until enabled
    expect(
      (pavedSecretsCard as unknown as { disabled: boolean }).disabled,
    ).toBe(true);
  });

  it('offers the revisions and drift cards for component pages, off until enabled (the Platform tab shows them)', () => {
    const cards = [pavedRevisionsCard, pavedDriftCard] as unknown as Array<{
      kind: string;
      name: string;
      disabled: boolean;
    }>;
    expect(cards.map(c => [c.kind, c.name, c.disabled])).toEqual([
      ['entity-card', 'revisions', true],
      ['entity-card', 'drift', true],
    ]);
    expect(plugin.getExtension('entity-card:paved/revisions')).toMatchObject({
      kind: 'entity-card',
    });
    expect(plugin.getExtension('entity-card:paved/drift')).toMatchObject({
      kind: 'entity-card',
    });
  });

  it('gives the scaffolder its secret reference field', () => {
    const field = pavedSecretRefPickerFormField as unknown as {
      kind: string;
      name: string;
      attachTo: { id: string; input: string };
    };
    expect([field.kind, field.name]).toEqual([
      'scaffolder-form-field',
      'secret-ref-picker',
    ]);
    expect(field.attachTo).toEqual({
      id: 'api:scaffolder/form-fields',
      input: 'formFields',
    });
    expect(
      plugin.getExtension('scaffolder-form-field:paved/secret-ref-picker'),
    ).toMatchObject({ kind: 'scaffolder-form-field', namespace: 'paved' });
  });
  it('gives the scaffolder its change preview field', () => {
    const field = pavedChangePreviewFormField as unknown as {
      kind: string;
      name: string;
      attachTo: { id: string; input: string };
    };
    expect([field.kind, field.name]).toEqual([
      'scaffolder-form-field',
      'change-preview',
    ]);
    expect(field.attachTo).toEqual({
      id: 'api:scaffolder/form-fields',
      input: 'formFields',
    });
    expect(
      plugin.getExtension('scaffolder-form-field:paved/change-preview'),
    ).toMatchObject({ kind: 'scaffolder-form-field', namespace: 'paved' });
  });
});
