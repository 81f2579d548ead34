import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createRegisterUrlAction } from './registerUrl';

const HOST = 'git.local:3000';
const BASE = `http://${HOST}`;
const CONTENTS = `${BASE}/team-checkout/orders-api/src/branch/main/`;

const component = (owner: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-api',
    annotations: { 'backstage.io/kubernetes-id': 'orders-api' },
  },
  spec: { type: 'service', lifecycle: 'experimental', owner },
});

const userInfo = {
  async getUserInfo(credentials: any) {
    const user = credentials.principal.userEntityRef as string;
    return {
      userEntityRef: user,
      ownershipEntityRefs: [user, 'group:default/team-checkout'],
    };
  },
};
const auth = mockServices.auth();
const config = mockServices.rootConfig({
  data: {
    integrations: {
      gitea: [{ host: HOST, baseUrl: BASE, username: 'u', password: 'p' }],
    },
    paved: { git: { host: HOST } },
  },
});

describe('paved:catalog:register-url', () => {
  const run = async (options: {
    file?: unknown;
    catalog?: ReturnType<typeof catalogServiceMock.mock>;
    input?: Record<string, unknown>;
  }) => {
    const read: string[] = [];
    const urlReader = {
      readUrl: jest.fn(async (url: string) => {
        read.push(url);
        return {
          buffer: async () =>
            Buffer.from(
              yaml.stringify(options.file ?? component('team-checkout')),
            ),
        };
      }),
    } as any;
    const catalog =
      options.catalog ??
      catalogServiceMock.mock({
        addLocation: jest
          .fn()
          .mockResolvedValue({ location: {}, entities: [] }),
      });
    const ctx = createMockActionContext({
      input: { repoContentsUrl: CONTENTS, ...options.input } as any,
    });
    await createRegisterUrlAction({
      catalog,
      config,
      auth,
      userInfo,
      urlReader,
    }).handler(ctx as any);
    return { ctx, catalog, read };
  };

  it('reads the file from the repository and registers it as a url location with the service’s credentials', async () => {
    const { ctx, catalog, read } = await run({});
    const target = `${CONTENTS}catalog-info.yaml`;
    expect(read).toEqual([target]);
    expect(catalog.addLocation).toHaveBeenCalledWith(
      { type: 'url', target },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/orders-api',
    );
    expect(ctx.output).toHaveBeenCalledWith('location', `url:${target}`);
  });

  it('refuses a component another team owns, and registers nothing', async () => {
    const catalog = catalogServiceMock.mock({ addLocation: jest.fn() });
    await expect(
      run({ file: component('group:default/team-search'), catalog }),
    ).rejects.toThrow(
      'spec.owner of component:default/orders-api is group:default/team-search, which is not one of your teams',
    );
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('refuses an address that is not on the configured git host', async () => {
    const catalog = catalogServiceMock.mock({ addLocation: jest.fn() });
    await expect(
      run({
        catalog,
        input: { repoContentsUrl: 'http://evil.example/x/y/src/branch/main/' },
      }),
    ).rejects.toThrow(
      `repoContentsUrl: http://evil.example/x/y/src/branch/main/ is not on the configured git host ${BASE}`,
    );
    await expect(
      run({
        catalog,
        input: {
          catalogInfoPath: '../../../../team-search/x/raw/catalog-info.yaml',
        },
      }),
    ).rejects.toThrow(
      'catalogInfoPath: ../../../../team-search/x/raw/catalog-info.yaml leaves the repository',
    );
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('names the fields of a file that is not a Component', async () => {
    await expect(
      run({ file: { apiVersion: 'v1', kind: 'ConfigMap', metadata: {} } }),
    ).rejects.toThrow(/kind: is "ConfigMap"/);
  });
});
