export { MetricsCard } from './MetricsCard';
