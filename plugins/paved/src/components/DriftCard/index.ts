export { DriftCard, DRIFT_CARD_ANCHOR } from './DriftCard';
