import { withDefaults } from './defaults';

describe('withDefaults', () => {
  it('fills in what the template left out, empty strings included, and keeps what it gave', () => {
    const input: { size?: string; wait?: boolean; name: string; ttl?: number } =
      {
        name: 'qa',
        size: '',
        wait: false,
        ttl: undefined,
      };
    expect(withDefaults(input, { size: 'small', wait: true, ttl: 72 })).toEqual(
      {
        name: 'qa',
        size: 'small',
        wait: false,
        ttl: 72,
      },
    );
  });
});
