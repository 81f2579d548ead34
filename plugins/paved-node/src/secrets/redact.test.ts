import { objectDiff } from '../apply/diff';
import { KubernetesObject } from '../apply/types';
import {
  REDACTED,
  redactSecret,
  redactSecrets,
  scrubSecretError,
  scrubSecretValues,
  secretKeyChanges,
} from './redact';

const VALUE = 's3cr3t-value-9f2c';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const VALUE_B64 = b64(VALUE);

/** Fails when any form of a value shows up in `text`. */
function expectNoValue(text: string, ...values: string[]) {
  for (const value of values) {
    expect(text).not.toContain(value);
  }
}

const live: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: 'db',
    namespace: 'checkout-dev',
    resourceVersion: '3',
    managedFields: [{ manager: 'paved', fieldsV1: { 'f:data': {} } }],
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
        data: { password: VALUE_B64 },
      }),
    },
  },
  type: 'Opaque',
  data: {
    password: VALUE_B64,
    user: b64('checkout-user'),
    old: b64('old-value-1234'),
  },
};

describe('secretKeyChanges', () => {
  it('marks each key added, removed, changed or unchanged, data and stringData alike', () => {
    const planned: KubernetesObject = {
      ...live,
      data: { password: VALUE_B64, user: b64('someone-else') },
      stringData: { token: 'tok-1234' },
    };
    expect(secretKeyChanges(live, planned)).toEqual({
      old: 'removed',
      password: 'unchanged',
      token: 'added',
      user: 'changed',
    });
  });

  it('compares stringData with data by value', () => {
    const planned: KubernetesObject = {
      ...live,
      data: undefined,
      stringData: {
        password: VALUE,
        user: 'checkout-user',
        old: 'new-value-5678',
      },
    };
    expect(secretKeyChanges(live, planned)).toEqual({
      old: 'changed',
      password: 'unchanged',
      user: 'unchanged',
    });
  });

  it('treats every key of a new Secret as added', () => {
    expect(secretKeyChanges(undefined, live)).toEqual({
      old: 'added',
      password: 'added',
      user: 'added',
    });
  });
});

describe('redactSecret', () => {
  it('keeps the keys, drops values, last-applied copy and managed fields', () => {
    const secret: KubernetesObject = { ...live, stringData: { extra: VALUE } };
    const shown = redactSecret(secret);
    const text = JSON.stringify(shown);
    expectNoValue(text, VALUE, VALUE_B64, b64('checkout-user'));
    expect(shown.data).toEqual({
      extra: REDACTED,
      old: REDACTED,
      password: REDACTED,
      user: REDACTED,
    });
    expect(shown).not.toHaveProperty('stringData');
    expect(shown.metadata.managedFields).toBeUndefined();
    expect(
      shown.metadata.annotations?.[
        'kubectl.kubernetes.io/last-applied-configuration'
      ],
    ).toBe(REDACTED);
    expect(shown.metadata.name).toBe('db');
    expect(shown.type).toBe('Opaque');
  });

  it('does not change the original or other kinds', () => {
    const configMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c' },
      data: { a: VALUE },
    };
    expect(redactSecret(configMap)).toBe(configMap);
    redactSecret(live);
    expect((live.data as Record<string, string>).password).toBe(VALUE_B64);
  });
});

describe('redactSecrets', () => {
  it('redacts Secrets at any depth of a payload and leaves the rest', () => {
    const payload = {
      manifests: [
        live,
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
      ],
      plan: {
        objects: [
          {
            apiVersion: 'v1',
            kind: 'List',
            metadata: {},
            items: [{ ...live, data: undefined, stringData: { k: VALUE } }],
          },
        ],
      },
      force: true,
    };
    const shown = redactSecrets(payload);
    expectNoValue(JSON.stringify(shown), VALUE, VALUE_B64);
    expect(shown.force).toBe(true);
    expect(shown.manifests[1]).toEqual(payload.manifests[1]);
    expect((shown.manifests[0] as KubernetesObject).data).toMatchObject({
      password: REDACTED,
    });
    expect(JSON.stringify(shown.plan)).toContain('"k":"redacted"');
  });
});

describe('objectDiff of Secrets', () => {
  it('shows every key with its change marker and no value in any form', () => {
    const planned: KubernetesObject = {
      ...live,
      metadata: { ...live.metadata, resourceVersion: '4' },
      data: {
        password: VALUE_B64,
        user: b64('someone-else'),
        token: b64('tok-12345'),
      },
    };
    const diff = objectDiff('Secret checkout-dev/db', live, planned);
    expectNoValue(
      diff,
      VALUE,
      VALUE_B64,
      'checkout-user',
      b64('checkout-user'),
      'someone-else',
      b64('someone-else'),
      'tok-12345',
      b64('tok-12345'),
      b64('old-value-1234'),
    );
    expect(diff).toContain('   password: redacted\n');
    expect(diff).toContain('-  user: redacted\n');
    expect(diff).toContain('+  user: redacted (changed)');
    expect(diff).toContain('+  token: redacted (added)');
    expect(diff).toContain('-  old: redacted (removed)');
  });

  it('differs exactly when a value differs', () => {
    expect(objectDiff('Secret db', live, { ...live })).toBe('');
    const changed = objectDiff('Secret db', live, {
      ...live,
      data: { ...(live.data as object), password: b64('another-one') },
    });
    expect(changed).toContain('+  password: redacted (changed)');
    expectNoValue(changed, b64('another-one'), VALUE_B64);
  });

  it('shows a new Secret written with stringData as added keys', () => {
    const diff = objectDiff('Secret db', undefined, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db' },
      stringData: { password: VALUE },
    });
    expectNoValue(diff, VALUE, VALUE_B64);
    expect(diff).toContain('+  password: redacted (added)');
    expect(diff).not.toContain('stringData');
  });
});

describe('scrubSecretValues', () => {
  it('removes plain and base64 forms of the values of the given Secrets', () => {
    const text = `rejected ${VALUE} and ${VALUE_B64} and tok-1234 and ${b64(
      'old-value-1234',
    )}`;
    const scrubbed = scrubSecretValues(text, [
      live,
      { ...live, data: undefined, stringData: { t: 'tok-1234' } },
    ]);
    expectNoValue(
      scrubbed,
      VALUE,
      VALUE_B64,
      'tok-1234',
      b64('old-value-1234'),
    );
    expect(scrubbed).toContain('rejected redacted and redacted');
  });

  it('removes the values of a malformed Secret, whatever their shape, as the API server quotes them', () => {
    const secret = (body: object) => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'shop' },
      ...body,
    });
    // the API server's wording when such a Secret does not fit the schema
    const refusals: Array<[object, string, string]> = [
      [
        { stringData: 'hunter2-plain' },
        '.stringData: expected map, got &{hunter2-plain}',
        'hunter2-plain',
      ],
      [
        { data: [b64('hunter2-listed')] },
        `.data: expected map, got &{[${b64('hunter2-listed')}]}`,
        b64('hunter2-listed'),
      ],
      [
        { stringData: { password: ['hunter2-inlist'] } },
        '.stringData.password: expected string, got &value.valueUnstructured{Value:[]interface {}{"hunter2-inlist"}}',
        'hunter2-inlist',
      ],
      [
        { stringData: { pin: 98765432 } },
        '.stringData.pin: expected string, got &value.valueUnstructured{Value:98765432}',
        '98765432',
      ],
    ];
    for (const [body, message, value] of refusals) {
      const scrubbed = scrubSecretValues(message, [secret(body)]);
      expect(scrubbed).not.toContain(value);
      expect(scrubbed).toContain('redacted');
    }
  });

  it('leaves text alone when no Secret is given', () => {
    expect(
      scrubSecretValues(VALUE, [{ kind: 'ConfigMap', data: { a: VALUE } }]),
    ).toBe(VALUE);
  });

  it('scrubs an error in place, keeping its type', () => {
    class Refusal extends Error {}
    const error = scrubSecretError(new Refusal(`bad value ${VALUE}`), live);
    expect(error).toBeInstanceOf(Refusal);
    expect(error.message).toBe('bad value redacted');
    expect(error.stack).not.toContain(VALUE);
  });
});
