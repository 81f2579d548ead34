export interface Config {
  /** Configuration of the Paved plugins. */
  paved?: {
    /** Environments: namespaces Paved manages for a team. */
    environments?: {
      /** The catalog module that lists environments as Resource entities. */
      catalog?: {
        /** How often every cluster's environments are read into the catalog, in minutes. Default 1. */
        frequencyMinutes?: number;
      };
    };
  };
}
