import {
  SecretInventoryEntry,
  SecretReference,
} from '@paved/plugin-paved-node';
import { secretsView } from './secretsView';

const entry = (
  name: string,
  keys: string[],
  more: Partial<SecretInventoryEntry> = {},
): SecretInventoryEntry => ({
  name,
  keys,
  placeholders: [],
  source: 'kubernetes',
  changes: {},
  ...more,
});
const ref = (
  secretName: string,
  key?: string,
  more: Partial<SecretReference> = {},
): SecretReference => ({
  secretName,
  ...(key ? { key } : {}),
  workload: 'Deployment/orders',
  container: 'api',
  optional: false,
  ...more,
});

describe('secretsView', () => {
  it('marks referenced keys that do not exist, and counts them', () => {
    const [db] = secretsView(
      [
        entry('db', ['user'], {
          changes: { user: { by: 'user:default/bob', at: 't1' } },
        }),
      ],
      [ref('db', 'url', { env: 'DATABASE_URL' }), ref('db', 'user')],
    );
    expect(db.missing).toBe(1);
    expect(db.keys).toEqual([
      {
        key: 'url',
        exists: false,
        referencedBy: [
          {
            workload: 'Deployment/orders',
            container: 'api',
            env: 'DATABASE_URL',
          },
        ],
      },
      {
        key: 'user',
        exists: true,
        referencedBy: [{ workload: 'Deployment/orders', container: 'api' }],
        changedBy: 'user:default/bob',
        changedAt: 't1',
      },
    ]);
  });

  it('shows a clone’s empty placeholders as missing until they are set', () => {
    const [db] = secretsView(
      [entry('api-db', ['USER'], { placeholders: ['PASSWORD'] })],
      [ref('api-db', 'PASSWORD')],
    );
    expect(db.keys.find(k => k.key === 'PASSWORD')).toMatchObject({
      exists: false,
    });
    expect(db.missing).toBe(1);
  });

  it('lists a Secret only referenced as missing, and ignores optional references in the count', () => {
    const views = secretsView(
      [],
      [ref('api-env'), ref('flags', 'beta', { optional: true })],
    );
    expect(views.map(v => [v.name, v.source, v.missing])).toEqual([
      ['api-env', 'missing', 1],
      ['flags', 'missing', 0],
    ]);
  });
});
