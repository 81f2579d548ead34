import {
  AuthService,
  BackstageCredentials,
  RootConfigService,
  UserInfoService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { readEnvironmentSettings } from '@paved/plugin-paved-node';
import yaml from 'yaml';
import { registrantOf, requireOwnComponent } from './ownership';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { withDefaults } from '../defaults';
import { componentProblems, readCatalogInfo } from './catalogInfo';
import { isAlreadyRegistered, isRefusedInput } from './catalogErrors';
import { registerLocalExamples } from './registerLocal.examples';

const DEFAULT_CATALOG_INFO_PATH = './catalog-info.yaml';

/**
 * The config key naming the folder `paved:catalog:register-local` copies catalog files into.
 *
 * @public
 */
export const LOCAL_CATALOG_DIRECTORY_KEY = 'paved.localCatalog.directory';

/** `paved.localCatalog.directory`, or `<os tmpdir>/paved-local-catalog`, as an absolute path. */
function localCatalogDirectory(config: RootConfigService): string {
  return path.resolve(
    config.getOptionalString(LOCAL_CATALOG_DIRECTORY_KEY) ??
      path.join(os.tmpdir(), 'paved-local-catalog'),
  );
}

/** One file per entity: `__` cannot occur in a namespace or a name, so two entities never share a file. */
function fileNameOf(namespace: string, name: string): string {
  return `component__${namespace}__${name}.yaml`.toLocaleLowerCase('en-US');
}

/**
 * Creates the `paved:catalog:register-local` action: registers the workspace's `catalog-info.yaml` with the
 * catalog without a git host, by copying it into a local folder (config `paved.localCatalog.directory`,
 * default `<os tmpdir>/paved-local-catalog`) and adding a `file` location for it. The file must describe one
 * Component with an owner and the `backstage.io/kubernetes-id` annotation. Registering the same entity again
 * refreshes it.
 *
 * The owner must be one of the teams of the user who started the task (platform admins may register for any
 * team), and a component already registered under that name must already be theirs. Having checked that, the
 * action registers the location with its own service credentials: developers are not granted
 * `catalog.location.create`, so this owner-checked path is how their golden paths reach the catalog.
 *
 * @public
 */
export function createRegisterLocalAction(options: {
  catalog: CatalogService;
  config: RootConfigService;
  auth: AuthService;
  userInfo: UserInfoService;
}) {
  const { catalog, config, auth, userInfo } = options;
  const { platformAdminGroups } = readEnvironmentSettings(config);

  const registrant = async (credentials: BackstageCredentials) =>
    registrantOf(userInfo, credentials, platformAdminGroups);

  const readPrevious = async (file: string): Promise<Entity | undefined> => {
    try {
      return yaml.parse(await fs.readFile(file, 'utf8')) as Entity;
    } catch {
      return undefined; // no earlier registration under this name
    }
  };
  return createTemplateAction({
    id: 'paved:catalog:register-local',
    description:
      'Registers the Component in the workspace (catalog-info.yaml) with the catalog without a git host: copies the file into a local catalog folder and adds a file location for it.',
    examples: registerLocalExamples,
    supportsDryRun: true,
    schema: {
      input: {
        catalogInfoPath: z =>
          z
            .string({
              description:
                'Workspace path of the catalog file describing one Component',
            })
            .default(DEFAULT_CATALOG_INFO_PATH),
      },
      output: {
        entityRef: z =>
          z.string({
            description: 'The registered entity, e.g. component:default/orders',
          }),
        location: z =>
          z.string({
            description:
              'The catalog location, file:<absolute path of the copied file>',
          }),
      },
    },
    async handler(ctx) {
      const { catalogInfoPath: relative } = withDefaults(ctx.input, {
        catalogInfoPath: DEFAULT_CATALOG_INFO_PATH,
      });
      const source = resolveSafeChildPath(ctx.workspacePath, relative);
      const entity = await readCatalogInfo(source, relative);
      const problems = componentProblems(entity);
      if (problems.length > 0) {
        throw new InputError(
          `${relative} cannot be registered:\n  - ${problems.join('\n  - ')}`,
        );
      }
      const { name } = entity.metadata;
      const namespace = entity.metadata.namespace ?? 'default';
      const entityRef = `component:${namespace}/${name}`;
      const target = path.join(
        localCatalogDirectory(config),
        fileNameOf(namespace, name),
      );
      const location = `file:${target}`;
      const service = await auth.getOwnServiceCredentials();
      requireOwnComponent({
        entityRef,
        file: entity as Entity,
        who: await registrant(await ctx.getInitiatorCredentials()),
        registered:
          (await catalog.getEntityByRef(entityRef, { credentials: service })) ??
          undefined,
        previousFile: await readPrevious(target),
      });

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would copy ${relative} to ${target} and register ${entityRef}`,
        );
        ctx.output('entityRef', entityRef);
        ctx.output('location', location);
        return;
      }

      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.copyFile(source, target);
      ctx.logger.info(`Copied ${relative} to ${target}`);
      try {
        await catalog.addLocation(
          { type: 'file', target, onConflict: 'refresh' },
          { credentials: service },
        );
        ctx.logger.info(`Registered ${entityRef} from ${location}`);
      } catch (error) {
        if (isAlreadyRegistered(error)) {
          ctx.logger.info(
            `${location} is already registered; the catalog reads the updated file on its next refresh`,
          );
        } else if (isRefusedInput(error)) {
          throw new InputError(
            `The catalog refused the location ${location}: ${
              (error as { cause?: Error }).cause?.message ??
              (error as Error).message
            }. If it only accepts "url" locations, allow "file" ones in a catalog backend module with catalogLocationsExtensionPoint.setAllowedLocationTypes(['url', 'file']), or publish the repository and use catalog:register`,
          );
        } else {
          throw error;
        }
      }
      ctx.output('entityRef', entityRef);
      ctx.output('location', location);
    },
  });
}
