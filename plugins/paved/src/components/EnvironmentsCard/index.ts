export { EnvironmentsCard } from './EnvironmentsCard';
export type { DeliveryState } from './EnvironmentsCard';
