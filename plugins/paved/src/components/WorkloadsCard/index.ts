export { WorkloadsCard } from './WorkloadsCard';
