import { ConfigReader } from '@backstage/config';
import { ApplyEngine } from '../apply/ApplyEngine';
import { KubernetesObject } from '../apply/types';
import { ClusterRegistry } from '../cluster/ClusterRegistry';
import { cloneObjects } from './cloneObjects';
import { EnvironmentService } from './EnvironmentService';
import { readEnvironmentSettings } from './settings';

const VALUE = 's3cr3t-value-9f2c';
const VALUE_B64 = Buffer.from(VALUE).toString('base64');

const source: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db', namespace: 'checkout-staging' },
  type: 'Opaque',
  data: { password: VALUE_B64 },
};

// cloneDiff only renders objects; nothing here reaches a cluster
const service = new EnvironmentService(
  {} as ClusterRegistry,
  {} as ApplyEngine,
  readEnvironmentSettings(new ConfigReader({})),
);

describe('EnvironmentService.cloneDiff', () => {
  it.each(['copy', 'placeholder'] as const)(
    'shows a cloned Secret by its keys only (secret policy %s)',
    secretPolicy => {
      const { objects } = cloneObjects([source], {
        targetNamespace: 'checkout-preview-1',
        rewriteHost: h => h,
        secretPolicy,
        sourceProtected: false,
      });
      const diff = service.cloneDiff({
        cluster: 'local',
        source: 'checkout-staging',
        target: {
          name: 'preview-1',
          team: 'group:default/team-checkout',
          size: 'small',
          lifecycle: 'ephemeral',
          ttlHours: 24,
        },
        targetNamespace: 'checkout-preview-1',
        secretPolicy,
        objects,
        notes: [],
      });
      expect(diff).toContain('+  password: redacted (added)');
      expect(diff).not.toContain(VALUE);
      expect(diff).not.toContain(VALUE_B64);
    },
  );
});
