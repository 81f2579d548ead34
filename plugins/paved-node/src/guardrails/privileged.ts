import { KubernetesObject } from '../apply/types';
import { Finding } from './podSecurity';

/** The Secret type that makes the API server mint a long-lived token for a ServiceAccount. */
export const SERVICE_ACCOUNT_TOKEN_TYPE = 'kubernetes.io/service-account-token';

/**
 * Cluster-scoped kinds of Kubernetes itself (`group/Kind`, core group empty), used when API discovery does
 * not say whether a kind is namespaced. Discovery wins when it answers.
 *
 * @public
 */
export const KNOWN_CLUSTER_SCOPED_KINDS: readonly string[] = [
  '/Namespace',
  '/Node',
  '/PersistentVolume',
  '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'apiregistration.k8s.io/APIService',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'admissionregistration.k8s.io/MutatingAdmissionPolicy',
  'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/CSIDriver',
  'storage.k8s.io/CSINode',
  'storage.k8s.io/VolumeAttachment',
  'storage.k8s.io/VolumeAttributesClass',
  'scheduling.k8s.io/PriorityClass',
  'node.k8s.io/RuntimeClass',
  'networking.k8s.io/IngressClass',
  'networking.k8s.io/IPAddress',
  'networking.k8s.io/ServiceCIDR',
  'certificates.k8s.io/CertificateSigningRequest',
  'certificates.k8s.io/ClusterTrustBundle',
  'flowcontrol.apiserver.k8s.io/FlowSchema',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'resource.k8s.io/DeviceClass',
];

const known = new Set(KNOWN_CLUSTER_SCOPED_KINDS);

/** The API group of an apiVersion (`''` for the core group). */
export function apiGroupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

/** Whether a kind is one of Kubernetes' own cluster-scoped kinds. */
export function isKnownClusterScoped(object: KubernetesObject): boolean {
  return known.has(`${apiGroupOf(object.apiVersion)}/${object.kind}`);
}

/**
 * A Secret of type `kubernetes.io/service-account-token` makes the API server mint a token that never
 * expires for a ServiceAccount of the namespace: whoever reads the Secret acts as that account.
 */
export function checkServiceAccountToken(object: KubernetesObject): Finding[] {
  if (object.kind !== 'Secret' || object.type !== SERVICE_ACCOUNT_TOKEN_TYPE)
    return [];
  const account =
    object.metadata.annotations?.['kubernetes.io/service-account.name'];
  return [
    {
      rule: 'secret.service-account-token',
      path: 'type',
      message: `a Secret of type ${SERVICE_ACCOUNT_TOKEN_TYPE} mints a long-lived token for ServiceAccount ${
        account ? `"${account}"` : '(none named)'
      }; only platform admins may create one`,
      fix: 'remove the Secret and let pods get short-lived tokens (the default projected service account token, or a serviceAccountToken volume); ask a platform admin if a long-lived token is really needed',
    },
  ];
}

/** A cluster-scoped object acts outside every environment, so it is left to platform admins. */
export function checkClusterScoped(object: KubernetesObject): Finding[] {
  return [
    {
      rule: 'cluster-scoped',
      path: 'kind',
      message: `${object.apiVersion} ${object.kind} is cluster-scoped: it is not part of any environment and affects every team; only platform admins may apply it`,
      fix: 'deploy only namespaced objects into your team\u2019s environment, or ask the platform team to create the cluster-wide object',
    },
  ];
}
