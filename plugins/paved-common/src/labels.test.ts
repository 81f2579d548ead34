import { decodeEntityRefLabel, encodeEntityRefLabel } from './labels';

describe('entity ref labels', () => {
  it.each([
    ['group:default/team-checkout', 'group.default.team-checkout'],
    ['group:payments/team.with.dots', 'group.payments.team.with.dots'],
    ['Group:Default/Team_A', 'group.default.team_a'],
  ])('round-trips %s', (ref, label) => {
    expect(encodeEntityRefLabel(ref)).toBe(label);
    expect(decodeEntityRefLabel(label)).toBe(ref.toLocaleLowerCase('en-US'));
  });

  it('rejects refs that are not full kind:namespace/name refs, saying how to write them', () => {
    expect(() => encodeEntityRefLabel('team-checkout')).toThrow(
      /kind:namespace\/name, e\.g\. group:default\/team-checkout/,
    );
    expect(() => encodeEntityRefLabel('group:default/')).toThrow(
      /not a full entity ref/,
    );
  });

  it('rejects refs too long for a label value', () => {
    const ref = `group:default/${'x'.repeat(60)}`;
    expect(() => encodeEntityRefLabel(ref)).toThrow(/at most 63 characters/);
  });

  it('decodes nothing from values it did not write', () => {
    expect(decodeEntityRefLabel('team-checkout')).toBeUndefined();
    expect(decodeEntityRefLabel('group.default.')).toBeUndefined();
    expect(decodeEntityRefLabel('.default.x')).toBeUndefined();
  });
});
