export * from './limits';
export * from './clusterSupplier';
export * from './authStrategies';
export * from './clusters';
export * from './backendClient';
export * from './guardrailRules';
export * from './priceSource';
