import { CostConfig } from './costConfig';
import { CostLoader } from './CostLoader';
import { CostScopes } from './costScopes';

/** What every cost view works with: the configuration, the scopes it may charge and the loaded input. */
export interface CostContext {
  config: CostConfig;
  scopes: CostScopes;
  loader: CostLoader;
  /** Milliseconds since the epoch. */
  now: () => number;
}
