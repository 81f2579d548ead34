export { SecretsCard, SECRETS_CARD_ANCHOR } from './SecretsCard';
