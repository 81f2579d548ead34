import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
  createProxyAuthenticator,
} from '@backstage/plugin-auth-node';

/** The request header naming the user to sign in as. */
export const LOCAL_USER_HEADER = 'x-paved-local-user';

/**
 * Whether the local sign-in is to be registered: only when `auth.providers.localUsers.enabled` is true and
 * `auth.environment` is `development` (the default). Enabled under `NODE_ENV=production`, it throws: the
 * backend must not start that way.
 */
export function localSignInEnabled(
  config: Config,
  nodeEnv: string | undefined,
): boolean {
  const environment =
    config.getOptionalString('auth.environment') ?? 'development';
  const enabled =
    config.getOptionalBoolean('auth.providers.localUsers.enabled') ?? false;
  if (!enabled || environment !== 'development') return false;
  if (nodeEnv === 'production') {
    throw new NotAllowedError(
      'auth.providers.localUsers.enabled is true, but this backend runs with NODE_ENV=production; the local ' +
        'sign-in lets anyone act as any listed user and never runs in production. Remove ' +
        'auth.providers.localUsers from the configuration.',
    );
  }
  return true;
}

/**
 * Local sign-in as any user of the example org listed in `auth.providers.localUsers.allowedUsers`:
 * `GET /api/auth/localUsers/refresh` with the header `x-paved-local-user: bob` returns a real Backstage token
 * for user:default/bob, with the groups the catalog gives him. It is how the local instance and its tests act
 * as each tier. The provider exists only when `auth.providers.localUsers.enabled` is true and `auth.environment`
 * is `development` (the default, which app-config.production.yaml changes). A backend started with
 * `NODE_ENV=production` and the provider enabled refuses to start.
 */
export const authModuleLocalUsers = createBackendModule({
  pluginId: 'auth',
  moduleId: 'local-users',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        if (!localSignInEnabled(config, process.env.NODE_ENV)) return;
        providers.registerProvider({
          providerId: 'localUsers',
          factory: createProxyAuthProviderFactory({
            authenticator: createProxyAuthenticator({
              defaultProfileTransform: async (result: { user: string }) => ({
                profile: { displayName: result.user },
              }),
              initialize: ({ config: providerConfig }) => ({
                allowed: providerConfig.getStringArray('allowedUsers'),
              }),
              async authenticate({ req }, { allowed }) {
                const user = req.header(LOCAL_USER_HEADER) ?? '';
                if (!allowed.includes(user)) {
                  throw new NotAllowedError(
                    `${LOCAL_USER_HEADER}: "${user}" is not one of auth.providers.localUsers allowedUsers (${allowed.join(
                      ', ',
                    )})`,
                  );
                }
                return { result: { user } };
              },
            }),
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: { name: result.user } }),
          }),
        });
      },
    });
  },
});
