export interface Config {
  /** Settings of this app that Paved's local default uses. */
  paved?: {
    /** Registering components scaffolded without a git host (the local default). */
    localCatalog?: {
      /**
       * Let the catalog accept `file` locations added at runtime, which `paved:catalog:register-local` uses
       * (the app's `catalogModuleLocalFileLocations`). Anyone allowed to create catalog locations can then
       * register any file on the backend host, so keep it off outside local setups. Default false.
       */
      allowFileLocations?: boolean;
    };
  };
}
