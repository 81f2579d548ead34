export { EventsCard } from './EventsCard';
