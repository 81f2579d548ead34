export { EnvironmentCostCard } from './EnvironmentCostCard';
