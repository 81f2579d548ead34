import { TooManyRequestsError } from '@paved/plugin-paved-node';
import { FollowSlots } from './FollowSlots';

describe('FollowSlots', () => {
  it('refuses a user beyond perUser and everyone beyond global, naming the limit and its key', () => {
    const slots = new FollowSlots({ perUser: 2, global: 3 });
    const bob1 = slots.acquire('user:default/bob');
    slots.acquire('user:default/bob');
    const refusal = (() => {
      try {
        slots.acquire('user:default/bob');
      } catch (error) {
        return error as TooManyRequestsError;
      }
      throw new Error('expected a refusal');
    })();
    expect(refusal).toBeInstanceOf(TooManyRequestsError);
    expect(refusal.statusCode).toBe(429);
    expect(refusal.message).toContain('paved.limits.follows.perUser = 2');

    slots.acquire('user:default/carol');
    expect(() => slots.acquire('user:default/dave')).toThrow(
      '3 live log follows are open on this Backstage instance, the most allowed (paved.limits.follows.global = 3)',
    );

    // a slot given back twice counts once
    bob1();
    bob1();
    expect(slots.open()).toBe(2);
    expect(slots.open('user:default/bob')).toBe(1);
    expect(() => slots.acquire('user:default/dave')).not.toThrow();
    expect(() => slots.acquire('user:default/erin')).toThrow(
      TooManyRequestsError,
    );
  });
});
