import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';

/**
 * The `Status` object the Kubernetes API returns with a failed request.
 *
 * @public
 */
export interface KubernetesStatus {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    name?: string;
    kind?: string;
    group?: string;
    causes?: Array<{ reason?: string; message?: string; field?: string }>;
  };
}

const STATUS = Symbol.for('paved.kubernetesStatus');

/**
 * The Kubernetes `Status` carried by an error thrown by {@link KubernetesClient}, if any.
 *
 * @public
 */
export function getKubernetesStatus(
  error: unknown,
): KubernetesStatus | undefined {
  if (error && typeof error === 'object' && STATUS in error) {
    return (error as Record<symbol, KubernetesStatus>)[STATUS];
  }
  return undefined;
}

/** The typed error for each HTTP status the API server answers a refusal with; anything else is unavailable. */
const ERROR_BY_STATUS: Record<number, new (message: string) => Error> = {
  400: InputError,
  401: AuthenticationError,
  403: NotAllowedError,
  404: NotFoundError,
  409: ConflictError,
  422: InputError,
};

/**
 * How the API server words a server-side apply whose object does not fit the kind's schema (a field it does
 * not know, a value of the wrong type): `failed to create typed patch object (<namespace>/<name>; <group>/<version>,
 * Kind=<kind>): <path>: <what is wrong>`. It answers 500, but the object is at fault and sending it again
 * cannot help.
 */
const TYPED_PATCH_REFUSAL =
  /^failed to create typed patch object \([^;]*; ([^,]*), Kind=([^)]*)\): ([\s\S]*)$/;

/**
 * How it words an object of one of its own kinds whose value cannot be decoded (a Secret's `data` value that
 * is not base64): `failed to convert new object (<namespace>/<name>; <group>/<version>, Kind=<kind>) to proper
 * version: unable to convert unstructured object to <group>/<version>, Kind=<kind>: <what is wrong>`. Also 500,
 * also the object's fault. (A custom resource is never converted from unstructured, so a conversion webhook
 * that is down is not worded this way.)
 */
const DECODE_REFUSAL =
  /^failed to convert new object \([^;]*; ([^,]*), Kind=([^)]*)\) to proper version: unable to convert unstructured object to [^:]*: ([\s\S]*)$/;

/** The group/version, kind and problem of a schema refusal, or null. */
function schemaRefusal(
  httpStatus: number,
  status: KubernetesStatus,
): RegExpExecArray | null {
  if (httpStatus !== 500) return null;
  const message = status.message ?? '';
  return TYPED_PATCH_REFUSAL.exec(message) ?? DECODE_REFUSAL.exec(message);
}

/**
 * Whether the API server refused a server-side apply because the object does not fit its kind's schema or
 * holds a value it cannot decode (see {@link toBackstageError}): a fault of the object, not of the server.
 *
 * @public
 */
export function isSchemaRefusal(
  httpStatus: number,
  status: KubernetesStatus,
): boolean {
  return schemaRefusal(httpStatus, status) !== null;
}

/**
 * Maps an HTTP status and Kubernetes `Status` body onto the typed errors of `@backstage/errors`,
 * so Backstage's error handler answers with the matching status code. An object the API server could not
 * read against its kind's schema ({@link isSchemaRefusal}) is an `InputError` naming the field at fault.
 *
 * @public
 */
export function toBackstageError(
  httpStatus: number,
  status: KubernetesStatus,
  context: string,
): Error {
  const schema = schemaRefusal(httpStatus, status);
  if (schema) {
    const [, groupVersion, kind, detail] = schema;
    const apiVersion = groupVersion.replace(/^\//, '');
    const error = new InputError(
      `${context}: ${detail} (${kind} ${apiVersion}); correct the field's name or value, or remove it ` +
        `(\`kubectl explain ${kind.toLowerCase()} --api-version=${apiVersion}\` lists the fields)`,
    );
    return attachKubernetesStatus(error, { ...status, code: httpStatus });
  }
  const message = `${context}: ${status.message ?? `HTTP ${httpStatus}`}`;
  const ErrorType = ERROR_BY_STATUS[httpStatus] ?? ServiceUnavailableError;
  const error = new ErrorType(message);
  return attachKubernetesStatus(error, { ...status, code: httpStatus });
}

/**
 * Attaches a Kubernetes `Status` to an error so {@link getKubernetesStatus} can read it later.
 *
 * @public
 */
export function attachKubernetesStatus<E extends Error>(
  error: E,
  status: KubernetesStatus | undefined,
): E {
  if (status) {
    Object.defineProperty(error, STATUS, { value: status });
  }
  return error;
}

const CREDENTIALS_REFUSED = Symbol.for('paved.clusterCredentialsRefused');

/**
 * The error for an API server that refused Paved's own credentials (HTTP 401: the token is expired, revoked or
 * wrong): a `NotAllowedError` (403 from Paved's API, since the signed-in user did nothing wrong) naming the
 * cluster and where its token is configured.
 *
 * @public
 */
export function clusterCredentialsRefused(
  cluster: string,
  httpStatus: number,
  status: KubernetesStatus,
  context: string,
): Error {
  const error = new NotAllowedError(
    `cluster ${cluster} refused Paved's credentials (${httpStatus}${
      status.reason ? ` ${status.reason}` : ''
    }): ${context}: ${
      status.message ?? `HTTP ${httpStatus}`
    }; renew the token in paved.clusters (name: ${cluster}) ` +
      `or the cluster's serviceAccountToken under kubernetes.clusterLocatorMethods`,
  );
  Object.defineProperty(error, CREDENTIALS_REFUSED, { value: cluster });
  return attachKubernetesStatus(error, { ...status, code: httpStatus });
}

/**
 * The cluster whose API server refused Paved's credentials, when `error` says so (see
 * {@link clusterCredentialsRefused}).
 *
 * @public
 */
export function credentialsRefusedBy(error: unknown): string | undefined {
  if (error && typeof error === 'object' && CREDENTIALS_REFUSED in error) {
    return (error as Record<symbol, string>)[CREDENTIALS_REFUSED];
  }
  return undefined;
}
