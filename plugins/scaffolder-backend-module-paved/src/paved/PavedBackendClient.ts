/**
 * The client of the Paved backend's `/api/paved` contract the actions call (approval requests, the audit
 * trail). It lives in the node library; the module gets its instance from `pavedBackendClientServiceRef`.
 */
export { PavedBackendClient } from '@paved/plugin-paved-node';
