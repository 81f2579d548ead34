export interface Config {
  paved?: {
    access?: {
      /**
       * What the Paved tier policy answers for permissions that are not Paved's (catalog, scaffolder, …):
       * `allow` (default) keeps the rest of Backstage open as without a policy; `deny` refuses them.
       */
      otherPermissions?: 'allow' | 'deny';
      /** Seconds a user's team-lead lookups are cached. Default: 30. */
      teamLeadCacheSeconds?: number;
    };
  };
}
