/**
 * The typed HTTP contract of `/api/paved`: each route's path, request schemas and response type, declared
 * once for the backend, the frontend and the scaffolder module.
 */
export * from './route';
export * from './call';
export * from './parseInput';
export * from './clusters';
export * from './observe';
export * from './traces';
export * from './routes';
export * from './platform';
export * from './secrets';
export * from './changes';
export * from './live';
export * from './git';
export * from './delivery';
