export { TeamCostCard } from './TeamCostCard';
