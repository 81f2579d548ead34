import {
  AuthService,
  RootConfigService,
  UrlReaderService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { InputError, toError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  readEnvironmentSettings,
  readGitPublishTarget,
} from '@paved/plugin-paved-node';
import { componentProblems, parseCatalogInfo } from './catalogInfo';
import { isAlreadyRegistered } from './catalogErrors';
import { registrantOf, requireOwnComponent } from './ownership';
import { registerUrlExamples } from './registerUrl.examples';

const DEFAULT_CATALOG_INFO_PATH = 'catalog-info.yaml';
/** A catalog file larger than this is not a golden path's. */
const MAX_CATALOG_FILE_BYTES = 256 * 1024;

/**
 * Creates the `paved:catalog:register-url` action: registers a Component from its repository on the configured
 * git host (`paved.git.host`), as a `url` location the catalog reads through the host's integration. It reads
 * the file from the repository first, and registers it only if it describes one Component whose owner is one
 * of the initiator's teams (platform admins may register for any team) and whose name is not already taken
 * by another team's component. Developers are not granted `catalog.location.create`; this owner-checked path,
 * limited to the configured host, is how their golden paths register from a repository.
 *
 * @public
 */
export function createRegisterUrlAction(options: {
  catalog: CatalogService;
  config: RootConfigService;
  auth: AuthService;
  userInfo: UserInfoService;
  urlReader: UrlReaderService;
}) {
  const { catalog, config, auth, userInfo, urlReader } = options;
  const { platformAdminGroups } = readEnvironmentSettings(config);

  const locationOf = (repoContentsUrl: string, catalogInfoPath: string) => {
    const target = readGitPublishTarget(config);
    if (target.mode === 'local') {
      throw new InputError(
        `Cannot register from ${repoContentsUrl}: ${target.reason}; use paved:catalog:register-local`,
      );
    }
    const base = repoContentsUrl.endsWith('/')
      ? repoContentsUrl
      : `${repoContentsUrl}/`;
    const hostUrl = new URL(`${target.host.baseUrl}/`);
    const baseUrl = new URL(base);
    if (
      baseUrl.origin !== hostUrl.origin ||
      !baseUrl.pathname.startsWith(hostUrl.pathname)
    ) {
      throw new InputError(
        `repoContentsUrl: ${repoContentsUrl} is not on the configured git host ${target.host.baseUrl}; register only from its repositories`,
      );
    }
    const url = new URL(catalogInfoPath.replace(/^\.?\/+/, ''), baseUrl);
    if (!url.href.startsWith(baseUrl.href)) {
      throw new InputError(
        `catalogInfoPath: ${catalogInfoPath} leaves the repository; give a path inside it, e.g. catalog-info.yaml`,
      );
    }
    return url.toString();
  };

  return createTemplateAction({
    id: 'paved:catalog:register-url',
    description:
      'Registers the Component of a repository on the configured git host with the catalog (a url location), once its owner is one of your teams.',
    examples: registerUrlExamples,
    supportsDryRun: true,
    schema: {
      input: {
        repoContentsUrl: z =>
          z.string({
            description:
              'The address of the repository’s files, e.g. paved:git:publish’s repoContentsUrl',
          }),
        catalogInfoPath: z =>
          z
            .string({
              description:
                'The catalog file’s path in the repository; default catalog-info.yaml',
            })
            .default(DEFAULT_CATALOG_INFO_PATH),
      },
      output: {
        entityRef: z =>
          z
            .string({
              description:
                'The registered entity, e.g. component:default/orders (not in a dry run)',
            })
            .optional(),
        location: z =>
          z.string({ description: 'The catalog location, url:<address>' }),
      },
    },
    async handler(ctx) {
      const location = locationOf(
        ctx.input.repoContentsUrl,
        ctx.input.catalogInfoPath ?? DEFAULT_CATALOG_INFO_PATH,
      );
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would read ${location} and register its Component`,
        );
        ctx.output('location', `url:${location}`);
        return;
      }
      let text: string;
      try {
        const response = await urlReader.readUrl(location, {
          signal: AbortSignal.timeout(15_000),
        });
        const buffer = await response.buffer();
        if (buffer.length > MAX_CATALOG_FILE_BYTES) {
          throw new InputError(
            `${location} is ${buffer.length} bytes; a catalog file is at most ${MAX_CATALOG_FILE_BYTES}`,
          );
        }
        text = buffer.toString('utf8');
      } catch (error) {
        throw new InputError(
          `Could not read ${location} from the git host: ${
            toError(error).message
          }`,
        );
      }
      const entity = parseCatalogInfo(text, location);
      const problems = componentProblems(entity);
      if (problems.length > 0) {
        throw new InputError(
          `${location} cannot be registered:\n  - ${problems.join('\n  - ')}`,
        );
      }
      const namespace = entity.metadata.namespace ?? 'default';
      const entityRef = `component:${namespace}/${entity.metadata.name}`;
      const service = await auth.getOwnServiceCredentials();
      requireOwnComponent({
        entityRef,
        file: entity as Entity,
        who: await registrantOf(
          userInfo,
          await ctx.getInitiatorCredentials(),
          platformAdminGroups,
        ),
        registered:
          (await catalog.getEntityByRef(entityRef, { credentials: service })) ??
          undefined,
      });
      try {
        await catalog.addLocation(
          { type: 'url', target: location },
          { credentials: service },
        );
        ctx.logger.info(`Registered ${entityRef} from ${location}`);
      } catch (error) {
        if (!isAlreadyRegistered(error)) throw error;
        ctx.logger.info(
          `${location} is already registered; the catalog reads it again on its next refresh`,
        );
      }
      ctx.output('entityRef', entityRef);
      ctx.output('location', `url:${location}`);
    },
  });
}
