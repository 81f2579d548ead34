export interface Config {
  paved?: {
    access?: {
      /**
       * Names of permissions the tier policy has no rule for (those of a plugin installed later) that every
       * signed-in user may have. Any other unknown permission is denied (platform admins excepted) and logged.
       */
      allowPermissions?: string[];
      /** Seconds a user's team-lead lookups are cached. Default: 30. */
      teamLeadCacheSeconds?: number;
    };
  };
}
