export { TroubleshootingCard } from './TroubleshootingCard';
