import { ErrorLike, isError } from '@backstage/errors';

/**
 * The error names Paved tells apart: those of the `@backstage/errors` classes and of Paved's own error
 * classes. Subclasses keep the name of the class they extend unless they set their own.
 *
 * @public
 */
export type PavedErrorName =
  | 'AuthenticationError'
  | 'ConflictError'
  | 'InputError'
  | 'NotAllowedError'
  | 'NotFoundError'
  | 'NotImplementedError'
  | 'NotModifiedError'
  | 'ResponseError'
  | 'ServiceUnavailableError'
  | 'TooManyRequestsError';

/**
 * Whether `value` is an error (anything with a string `name` and `message`) of the given name.
 *
 * Errors are recognised by name rather than with `instanceof`: an app can hold several copies of
 * `@backstage/errors` (one per version its plugins ask for), and an error thrown by one copy is not an
 * instance of another copy's class.
 *
 * @public
 */
export function isErrorNamed<TName extends PavedErrorName>(
  value: unknown,
  name: TName,
): value is ErrorLike & { name: TName } {
  return isError(value) && value.name === name;
}
