export { RevisionsCard, REVISIONS_CARD_ANCHOR } from './RevisionsCard';
