import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConflictError, InputError, ResponseError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import { createRegisterLocalAction } from './registerLocal';
import { registerLocalExamples } from './registerLocal.examples';

const component = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders-api',
    annotations: { 'backstage.io/kubernetes-id': 'orders-api' },
  },
  spec: {
    type: 'service',
    lifecycle: 'experimental',
    owner: 'group:default/team-checkout',
  },
};

// the user the mock context starts tasks as, and their teams
const teams: Record<string, string[]> = {
  'user:default/mock': ['group:default/team-checkout'],
};
const userInfo = {
  async getUserInfo(credentials: any) {
    const user = credentials.principal.userEntityRef as string;
    return {
      userEntityRef: user,
      ownershipEntityRefs: [user, ...(teams[user] ?? [])],
    };
  },
};
const auth = mockServices.auth();

describe('paved:catalog:register-local', () => {
  const workspace = createMockDirectory();
  const catalogDir = createMockDirectory();
  const config = mockServices.rootConfig({
    data: { paved: { localCatalog: { directory: catalogDir.path } } },
  });
  const target = catalogDir.resolve('component__default__orders-api.yaml');

  beforeEach(() => {
    workspace.clear();
    catalogDir.clear();
  });

  const run = async (
    catalog: ReturnType<typeof catalogServiceMock.mock>,
    input: Record<string, unknown> = {},
    file: unknown = component,
  ) => {
    if (file !== null) {
      workspace.addContent({
        'catalog-info.yaml':
          typeof file === 'string' ? file : yaml.stringify(file),
      });
    }
    const ctx = createMockActionContext({
      input: input as any,
      workspacePath: workspace.path,
    });
    const action = createRegisterLocalAction({
      catalog,
      config,
      auth,
      userInfo,
    });
    await action.handler(ctx);
    return ctx;
  };

  it('copies the file into the local catalog folder and registers it, once the owner is the initiator\u2019s team', async () => {
    const catalog = catalogServiceMock.mock({
      addLocation: jest.fn().mockResolvedValue({ location: {}, entities: [] }),
    });
    const ctx = await run(catalog);

    expect(fs.readFileSync(target, 'utf8')).toBe(yaml.stringify(component));
    expect(catalog.addLocation).toHaveBeenCalledTimes(1);
    expect(catalog.addLocation).toHaveBeenCalledWith(
      { type: 'file', target, onConflict: 'refresh' },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    expect(path.isAbsolute(target)).toBe(true);
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/orders-api',
    );
    expect(ctx.output).toHaveBeenCalledWith('location', `file:${target}`);
  });

  it('reads another workspace path and keeps one file per entity, namespace included', async () => {
    const catalog = catalogServiceMock.mock({
      addLocation: jest.fn().mockResolvedValue({ location: {}, entities: [] }),
    });
    workspace.addContent({
      service: {
        'catalog-info.yaml': yaml.stringify({
          ...component,
          metadata: { ...component.metadata, namespace: 'payments' },
        }),
      },
    });
    const ctx = await run(
      catalog,
      { catalogInfoPath: './service/catalog-info.yaml' },
      null,
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:payments/orders-api',
    );
    expect(
      fs.existsSync(catalogDir.resolve('component__payments__orders-api.yaml')),
    ).toBe(true);
  });

  it.each([
    ['a ConflictError', new ConflictError('Location already exists')],
    [
      'a 409 from the catalog client',
      Object.assign(new Error('Request failed with 409 Conflict'), {
        statusCode: 409,
      }),
    ],
  ])(
    'treats %s as already registered and still outputs the entity ref',
    async (_label, error) => {
      const catalog = catalogServiceMock.mock({
        addLocation: jest.fn().mockRejectedValue(error),
      });
      const ctx = await run(catalog);
      expect(ctx.output).toHaveBeenCalledWith(
        'entityRef',
        'component:default/orders-api',
      );
      expect(fs.existsSync(target)).toBe(true);
    },
  );

  it('explains how to allow file locations when the catalog refuses them', async () => {
    const refusal = await ResponseError.fromResponse({
      status: 400,
      statusText: 'Bad Request',
      headers: new Headers({ 'content-type': 'application/json' }),
      text: async () =>
        JSON.stringify({
          error: {
            name: 'InputError',
            message: 'Registered locations must be of an allowed type ["url"]',
          },
          response: { statusCode: 400 },
        }),
    } as unknown as Response);
    const catalog = catalogServiceMock.mock({
      addLocation: jest.fn().mockRejectedValue(refusal),
    });
    const failure = run(catalog);
    await expect(failure).rejects.toThrow(InputError);
    await expect(failure).rejects.toThrow(
      /allowed type \["url"\].*setAllowedLocationTypes\(\['url', 'file'\]\)/s,
    );
  });

  it('passes other catalog failures on', async () => {
    const catalog = catalogServiceMock.mock({
      addLocation: jest.fn().mockRejectedValue(new Error('catalog is down')),
    });
    await expect(run(catalog)).rejects.toThrow('catalog is down');
  });

  it.each([
    [
      'a Resource without owner or annotation',
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: { name: 'orders-db' },
        spec: { type: 'database' },
      },
      [
        'kind: is "Resource"; only a Component can be registered here, write kind: Component',
        'spec.owner: is missing; set the owning team, e.g. spec.owner: group:default/team-checkout',
        'metadata.annotations["backstage.io/kubernetes-id"]: is missing; add backstage.io/kubernetes-id: <name>',
      ],
    ],
    [
      'a bad name and apiVersion',
      {
        ...component,
        apiVersion: 'v1',
        metadata: { ...component.metadata, name: 'orders api' },
      },
      [
        'apiVersion: is "v1"; write apiVersion: backstage.io/v1alpha1',
        'metadata.name: "orders api" is not a valid entity name',
      ],
    ],
  ])(
    'refuses %s with every problem named, before copying or registering',
    async (_label, entity, messages) => {
      const catalog = catalogServiceMock.mock();
      const failure = run(catalog, {}, entity);
      await expect(failure).rejects.toThrow(InputError);
      for (const message of messages) {
        await expect(failure).rejects.toThrow(message);
      }
      expect(catalog.addLocation).not.toHaveBeenCalled();
      expect(catalogDir.content()).toEqual({});
    },
  );

  it.each([
    [
      'a missing file',
      null,
      'catalogInfoPath "./catalog-info.yaml": no such file in the task workspace',
    ],
    [
      'two documents',
      `${yaml.stringify(component)}---\n${yaml.stringify(component)}`,
      'holds 2 YAML documents; keep exactly one',
    ],
    ['a list', '- a\n- b\n', 'does not describe an entity'],
  ])('refuses %s', async (_label, file, message) => {
    const catalog = catalogServiceMock.mock();
    await expect(run(catalog, {}, file)).rejects.toThrow(message);
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('only validates in a dry run', async () => {
    const catalog = catalogServiceMock.mock();
    workspace.addContent({ 'catalog-info.yaml': yaml.stringify(component) });
    const ctx = {
      ...createMockActionContext({ workspacePath: workspace.path }),
      isDryRun: true,
    };
    await createRegisterLocalAction({
      catalog,
      config,
      auth,
      userInfo,
    }).handler(ctx as any);
    expect(catalog.addLocation).not.toHaveBeenCalled();
    expect(catalogDir.content()).toEqual({});
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/orders-api',
    );
  });

  it('defaults to a folder in the OS temp directory', async () => {
    const catalog = catalogServiceMock.mock({
      addLocation: jest.fn().mockResolvedValue({ location: {}, entities: [] }),
    });
    const name = `register-local-test-${process.pid}`;
    workspace.addContent({
      'catalog-info.yaml': yaml.stringify({
        ...component,
        metadata: { ...component.metadata, name },
      }),
    });
    const ctx = createMockActionContext({
      input: {} as any,
      workspacePath: workspace.path,
    });
    const action = createRegisterLocalAction({
      catalog,
      config: mockServices.rootConfig(),
      auth,
      userInfo,
    });
    await action.handler(ctx);
    const expected = path.join(
      os.tmpdir(),
      'paved-local-catalog',
      `component__default__${name}.yaml`,
    );
    try {
      expect(catalog.addLocation).toHaveBeenCalledWith(
        expect.objectContaining({ target: expected }),
        expect.anything(),
      );
      expect(fs.existsSync(expected)).toBe(true);
    } finally {
      fs.rmSync(expected, { force: true });
    }
  });

  it('refuses a component owned by another team, and registers nothing', async () => {
    const catalog = catalogServiceMock.mock();
    await expect(
      run(
        catalog,
        {},
        {
          ...component,
          spec: { ...component.spec, owner: 'team-search' },
        },
      ),
    ).rejects.toThrow(
      'spec.owner of component:default/orders-api is group:default/team-search, which is not one of your teams (group:default/team-checkout)',
    );
    expect(catalog.addLocation).not.toHaveBeenCalled();
    expect(catalogDir.content()).toEqual({});
  });

  it('refuses to take over a name registered by another team, in the catalog or as the local file', async () => {
    const theirs = {
      ...component,
      spec: { ...component.spec, owner: 'group:default/team-search' },
    };
    const registered = catalogServiceMock.mock({
      getEntityByRef: jest.fn().mockResolvedValue(theirs),
    });
    await expect(run(registered)).rejects.toThrow(
      'component:default/orders-api is already registered and belongs to group:default/team-search',
    );
    expect(registered.addLocation).not.toHaveBeenCalled();

    // the file a refresh would read still says team-search, and is left as it was
    catalogDir.addContent({
      'component__default__orders-api.yaml': yaml.stringify(theirs),
    });
    const fresh = catalogServiceMock.mock();
    await expect(run(fresh)).rejects.toThrow(
      'already registered and belongs to group:default/team-search',
    );
    expect(fs.readFileSync(target, 'utf8')).toBe(yaml.stringify(theirs));
    expect(fresh.addLocation).not.toHaveBeenCalled();
  });

  it('lets a platform admin register for any team', async () => {
    const admins = mockServices.rootConfig({
      data: {
        paved: {
          localCatalog: { directory: catalogDir.path },
          access: { platformAdminGroups: ['group:default/team-checkout'] },
        },
      },
    });
    const catalog = catalogServiceMock.mock({
      addLocation: jest.fn().mockResolvedValue({ location: {}, entities: [] }),
    });
    workspace.addContent({
      'catalog-info.yaml': yaml.stringify({
        ...component,
        spec: { ...component.spec, owner: 'team-search' },
      }),
    });
    const ctx = createMockActionContext({
      input: {} as any,
      workspacePath: workspace.path,
    });
    await createRegisterLocalAction({
      catalog,
      config: admins,
      auth,
      userInfo,
    }).handler(ctx);
    expect(catalog.addLocation).toHaveBeenCalledTimes(1);
  });

  it('has examples that parse', () => {
    for (const example of registerLocalExamples) {
      const step = yaml.parse(example.example).steps[0];
      expect(step.action).toBe('paved:catalog:register-local');
    }
  });
});
