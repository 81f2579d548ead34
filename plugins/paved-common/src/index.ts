/**
 * Types, label conventions and permissions shared by every Paved package, in the browser and on the server.
 *
 * @packageDocumentation
 */

export * from './labels';
export * from './types';
export * from './permissions';
export * from './appSpec';
export * from './cost';
export * from './names';
export { parseQuantity } from './quantities';
export * from './api';
export * from './api/approvals';
export * from './api/audit';
export * from './errors';
