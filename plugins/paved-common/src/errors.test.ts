import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { isErrorNamed } from './errors';

describe('isErrorNamed', () => {
  it('recognises an error of this copy of @backstage/errors by its name', () => {
    expect(isErrorNamed(new NotAllowedError('no'), 'NotAllowedError')).toBe(
      true,
    );
    expect(isErrorNamed(new NotFoundError('gone'), 'NotAllowedError')).toBe(
      false,
    );
  });

  it('recognises an error built by another copy of the class, or serialized', () => {
    class NotAllowedErrorOfAnotherCopy extends Error {
      name = 'NotAllowedError';
    }
    const foreign = new NotAllowedErrorOfAnotherCopy('forbidden');
    expect(foreign instanceof NotAllowedError).toBe(false);
    expect(isErrorNamed(foreign, 'NotAllowedError')).toBe(true);
    expect(
      isErrorNamed(
        { name: 'NotAllowedError', message: 'forbidden' },
        'NotAllowedError',
      ),
    ).toBe(true);
  });

  it('rejects values that are not errors', () => {
    expect(isErrorNamed('NotAllowedError', 'NotAllowedError')).toBe(false);
    expect(isErrorNamed(undefined, 'NotAllowedError')).toBe(false);
    expect(isErrorNamed({ name: 'NotAllowedError' }, 'NotAllowedError')).toBe(
      false,
    );
  });
});
