import {
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { previewRoutes } from '@paved/plugin-paved-common';
import { clusterIdentityOf } from '@paved/plugin-paved-node';
import express from 'express';
import { bindRoute } from '../http';
import { PreviewService } from './PreviewService';

/**
 * The preview routes: what a golden path's change would do in an environment, for signed-in users (the
 * environment's tiers decide between a dry run and a read-only diff; others get a 404).
 */
export function addPreviewRoutes(
  router: express.Router,
  deps: {
    httpAuth: HttpAuthService;
    userInfo: UserInfoService;
    previews: PreviewService;
  },
) {
  const { httpAuth, userInfo, previews } = deps;
  bindRoute(router, previewRoutes.goldenPath, async (req, { body }) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const identity = await clusterIdentityOf(userInfo, credentials);
    return previews.preview(
      { credentials, identity },
      req.params.goldenPath,
      body,
    );
  });
}
