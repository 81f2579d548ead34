export { CostCard } from './CostCard';
