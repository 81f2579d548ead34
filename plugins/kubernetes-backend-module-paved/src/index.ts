/**
 * Scopes Backstage's Kubernetes plugin to the environments each user may read, with Paved's answer.
 *
 * @packageDocumentation
 */

export { kubernetesModulePavedScope as default } from './module';
export { NamespaceScope } from './NamespaceScope';
export { ScopedObjectsProvider } from './ScopedObjectsProvider';
export { filterObjectsByNamespace } from './filterObjects';
export type { ReadableNamespaces } from './ReadableNamespaces';
export { parseProxyRead, touchesSecrets } from './proxyPath';
export type { ProxyRead } from './proxyPath';
export { createScopedProxyRouter } from './scopedProxy';
