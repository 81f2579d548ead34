import {
  HttpAuthService,
  RootConfigService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { GitTargetView, previewRoutes } from '@paved/plugin-paved-common';
import {
  clusterIdentityOf,
  gitOrganizationOf,
  isRepositoryName,
  readGitPublishTarget,
  repositoryUrl,
} from '@paved/plugin-paved-node';
import express from 'express';
import { bindRoute } from '../http';
import { PreviewService } from './PreviewService';

/**
 * The preview routes: what a golden path's change would do in an environment, for signed-in users (the
 * environment's tiers decide between a dry run and a read-only diff; others get a 404), and where a golden
 * path's code goes (the git host's address, never its credentials).
 */
export function addPreviewRoutes(
  router: express.Router,
  deps: {
    httpAuth: HttpAuthService;
    userInfo: UserInfoService;
    previews: PreviewService;
    config: RootConfigService;
  },
) {
  const { httpAuth, userInfo, previews, config } = deps;
  bindRoute(router, previewRoutes.goldenPath, async (req, { body }) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const identity = await clusterIdentityOf(userInfo, credentials);
    return previews.preview(
      { credentials, identity },
      req.params.goldenPath,
      body,
    );
  });
  bindRoute(router, previewRoutes.gitTarget, async (req, { query }) => {
    await httpAuth.credentials(req, { allow: ['user'] });
    return gitTargetOf(config, query);
  });
}

/** Where the code of a golden path for `owner` and `name` goes; an owner or name still being typed gives no repository. */
function gitTargetOf(
  config: RootConfigService,
  query: { owner?: string; name?: string },
): GitTargetView {
  const target = readGitPublishTarget(config);
  if (target.mode === 'local') return target;
  const view: GitTargetView = { mode: 'git', hostUrl: target.host.baseUrl };
  if (!query.owner || !query.name || !isRepositoryName(query.name)) {
    return view;
  }
  try {
    const organization = gitOrganizationOf(query.owner);
    return {
      ...view,
      repositoryUrl: repositoryUrl(target.host, organization, query.name),
    };
  } catch {
    return view; // not a team (yet): no repository to name
  }
}
