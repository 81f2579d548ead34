import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { UpstreamTimeoutError } from '../../limits/errors';

/**
 * One request to Vault's HTTP API.
 *
 * @internal
 */
export interface VaultRequest {
  /** What the request does, for error messages (e.g. `writing a secret`). */
  call: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT';
  /** API path below `/v1/`, e.g. `paved/data/team/ns/name`. */
  path: string;
  token: string;
  body?: unknown;
  contentType?: string;
}

/**
 * A Vault answer: its HTTP status and JSON body (`{}` when there is none).
 *
 * @internal
 */
export interface VaultResponse {
  status: number;
  body: {
    errors?: string[];
    data?: Record<string, unknown>;
    auth?: { client_token?: string; lease_duration?: number };
  };
}

/**
 * Sends a request to Vault within `timeoutMs`. Fails only when Vault does not answer (timeout: an
 * {@link UpstreamTimeoutError} naming the call; unreachable: a ServiceUnavailableError); any HTTP status is
 * returned for the caller to judge.
 *
 * @internal
 */
export async function sendVaultRequest(
  target: { address: string; timeoutMs: number; fetch: typeof fetch },
  request: VaultRequest,
): Promise<VaultResponse> {
  const signal = AbortSignal.timeout(target.timeoutMs);
  const timedOut = () =>
    new UpstreamTimeoutError(
      `Vault at ${target.address} did not answer ${request.call} (${request.method} /v1/${request.path}) within ${target.timeoutMs} ms (paved.secrets.vault.timeoutMs)`,
    );
  const headers: Record<string, string> = {
    'X-Vault-Token': request.token,
    'X-Vault-Request': 'true',
  };
  if (request.body !== undefined) {
    headers['Content-Type'] = request.contentType ?? 'application/json';
  }
  let response: Response;
  let text: string;
  try {
    response = await target.fetch(`${target.address}/v1/${request.path}`, {
      method: request.method,
      headers,
      body:
        request.body === undefined ? undefined : JSON.stringify(request.body),
      signal,
    });
    text = await response.text();
  } catch (error) {
    if (signal.aborted) throw timedOut();
    throw new ServiceUnavailableError(
      `Vault at ${target.address} is unreachable while ${request.call} (${
        (error as Error).message
      })`,
    );
  }
  let body: VaultResponse['body'] = {};
  if (text.trim()) {
    try {
      body = JSON.parse(text);
    } catch {
      body = { errors: [`HTTP ${response.status} without a JSON body`] };
    }
  }
  return { status: response.status, body };
}

/**
 * Turns a Vault error answer into the matching `@backstage/errors` error: 403 NotAllowedError, 404 NotFoundError,
 * 400 InputError, anything else ServiceUnavailableError. The message names the call and the path, and quotes
 * Vault's own errors with every string of `redact` (the values being written) blanked out, so no secret value can
 * reach a message even if Vault echoed one.
 *
 * @internal
 */
export function vaultError(
  request: VaultRequest,
  response: VaultResponse,
  redact: string[] = [],
): Error {
  const quoted = (response.body.errors ?? [])
    .map(e => redactValues(String(e), redact).replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('; ');
  const detail = quoted ? `: ${quoted}` : '';
  const where = `${request.call} at ${request.path}`;
  switch (response.status) {
    case 403:
      return new NotAllowedError(`Vault refused ${where}${detail}`);
    case 404:
      return new NotFoundError(`Vault has nothing for ${where}${detail}`);
    case 400:
      return new InputError(`Vault rejected ${where}${detail}`);
    default:
      return new ServiceUnavailableError(
        `Vault failed ${where} with HTTP ${response.status}${detail}`,
      );
  }
}

function redactValues(text: string, values: string[]): string {
  let out = text;
  // longest first, each also as it appears inside a JSON string
  const forms = values
    .flatMap(value => [value, JSON.stringify(value).slice(1, -1)])
    .filter(Boolean)
    .sort((a, b) => b.length - a.length);
  for (const form of forms) out = out.split(form).join('[redacted]');
  return out;
}
