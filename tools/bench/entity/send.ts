import { mockCredentials } from '@backstage/backend-test-utils';
import { msSince } from '../stats';
import { Answer, Call } from './calls';
import { USER } from './scenario';

/**
 * A sender of calls to the backend at `baseUrl` as {@link USER}: each answer must be HTTP 200 and pass its
 * call's check, or the send throws naming the call.
 */
export function sender(baseUrl: string) {
  const authorization = mockCredentials.user.header(USER);
  return async function send(call: Call): Promise<Answer> {
    const start = process.hrtime.bigint();
    const response = await fetch(`${baseUrl}${call.path}`, {
      method: call.method,
      headers: {
        authorization,
        ...(call.body ? { 'content-type': 'application/json' } : {}),
      },
      body: call.body ? JSON.stringify(call.body) : undefined,
    });
    const text = await response.text();
    const ms = msSince(start);
    if (response.status !== 200) {
      throw new Error(
        `${call.plugin} ${call.method} ${call.path}: HTTP ${
          response.status
        } ${text.slice(0, 500)}`,
      );
    }
    const data = JSON.parse(text);
    try {
      call.check(data);
    } catch (error) {
      throw new Error(
        `${call.plugin} ${call.path}: ${(error as Error).message}`,
      );
    }
    return { ms, bytes: Buffer.byteLength(text), data, text };
  };
}
