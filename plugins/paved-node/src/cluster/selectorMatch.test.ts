import { compileLabelSelector } from './selectorMatch';

describe('compileLabelSelector', () => {
  const labels = {
    'backstage.io/kubernetes-id': 'checkout-api',
    tier: 'web',
  };

  it.each([
    ['backstage.io/kubernetes-id=checkout-api', true],
    ['backstage.io/kubernetes-id==checkout-api', true],
    ['backstage.io/kubernetes-id=search-api', false],
    ['backstage.io/kubernetes-id!=search-api', true],
    ['backstage.io/kubernetes-id!=checkout-api', false],
    ['tier in (web, worker)', true],
    ['tier in (worker)', false],
    ['tier notin (worker,batch)', true],
    ['tier notin (web)', false],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['missing', false],
    ['missing notin (a)', true],
    ['missing in (a)', false],
    ['backstage.io/kubernetes-id=checkout-api, tier in (web,x)', true],
    ['backstage.io/kubernetes-id=checkout-api,tier=worker', false],
    ['', true],
  ])('%j matches: %s', (selector, expected) => {
    expect(compileLabelSelector(selector)(labels)).toBe(expected);
  });

  it('treats absent labels as none', () => {
    expect(compileLabelSelector('a=b')(undefined)).toBe(false);
    expect(compileLabelSelector('!a')(undefined)).toBe(true);
  });

  it('refuses a selector it cannot read, naming it', () => {
    expect(() => compileLabelSelector('a=b,c in d')).toThrow(
      /Label selector "a=b,c in d" cannot be read at "c in d"/,
    );
  });
});
