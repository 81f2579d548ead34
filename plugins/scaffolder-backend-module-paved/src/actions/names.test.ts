import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { InputError } from '@backstage/errors';
import { rejectionOf } from '@paved/plugin-paved-node/testUtils';
import { createKubernetesApplyAction } from './apply';
import { createEnvironmentCloneAction } from './environment/clone';
import { createEnvironmentCreateAction } from './environment/create';
import { createEnvironmentDeleteAction } from './environment/delete';

/** A dependency that fails the test when touched: a refused name must be refused before anything is read. */
function untouchable(name: string): any {
  return new Proxy(
    {},
    {
      get(_target, property) {
        throw new Error(`${name}.${String(property)} was used`);
      },
    },
  );
}

const deps = {
  engine: untouchable('engine'),
  environments: untouchable('environments'),
  userInfo: untouchable('userInfo'),
  catalog: untouchable('catalog'),
  permissions: untouchable('permissions'),
  clusters: untouchable('clusters'),
};

// other case, white space, path separators and parent references, URL-encoded text, empty labels
const ODD = [
  'Checkout-Dev',
  ' checkout-dev',
  'checkout-dev\t',
  'checkout-dev/../search-dev',
  '..',
  'checkout-dev%2Fx',
  'checkout..dev',
  'checkout.dev',
];

async function refusal(
  action: { handler: (ctx: any) => Promise<void> },
  input: Record<string, unknown>,
) {
  const error = await rejectionOf(
    action.handler(createMockActionContext({ input: input as any })),
  );
  expect(error).toBeInstanceOf(InputError);
  return error.message;
}

describe('Kubernetes names at the actions\u2019 entry points', () => {
  const apply = createKubernetesApplyAction(deps);
  const create = createEnvironmentCreateAction(deps);
  const clone = createEnvironmentCloneAction(deps);
  const remove = createEnvironmentDeleteAction(deps);
  const manifest = (metadata: Record<string, unknown>) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'settings', ...metadata },
  });

  it.each(ODD)(
    'refuses %j before reading anything, naming the input',
    async odd => {
      const shown = JSON.stringify(odd);
      expect(
        await refusal(apply, {
          cluster: 'local',
          namespace: odd,
          manifests: [manifest({})],
        }),
      ).toMatch(new RegExp(`^namespace: ${escape(shown)} `));
      expect(
        await refusal(apply, {
          cluster: 'local',
          namespace: 'checkout-dev',
          manifests: [manifest({ namespace: odd })],
        }),
      ).toMatch(
        new RegExp(
          `^manifests\\[0\\]: metadata\\.namespace: ${escape(shown)} `,
        ),
      );
      expect(await refusal(create, { cluster: 'local', name: odd })).toMatch(
        /^name: /,
      );
      expect(
        await refusal(clone, { cluster: 'local', source: odd, name: 'copy' }),
      ).toMatch(/^source: /);
      expect(
        await refusal(clone, {
          cluster: 'local',
          source: 'checkout-dev',
          name: odd,
        }),
      ).toMatch(/^name: /);
      expect(
        await refusal(remove, { cluster: 'local', namespace: odd }),
      ).toMatch(/^namespace: /);
    },
  );

  it('refuses a manifest whose namespace is not the input namespace, naming the source and field', async () => {
    expect(
      await refusal(apply, {
        cluster: 'local',
        namespace: 'checkout-dev',
        manifests: [
          manifest({}),
          manifest({ namespace: 'checkout-production' }),
        ],
      }),
    ).toBe(
      'manifests[1]: metadata.namespace: "checkout-production" differs from the input namespace "checkout-dev"; leave metadata.namespace out or set it to "checkout-dev", or apply to each namespace in a step of its own',
    );
  });

  it('refuses an object name with a path in it', async () => {
    expect(
      await refusal(apply, {
        cluster: 'local',
        namespace: 'checkout-dev',
        manifests: [manifest({ name: 'a/../b' })],
      }),
    ).toMatch(
      /^manifests\[0\]: metadata\.name: "a\/\.\.\/b" contains a path separator/,
    );
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
