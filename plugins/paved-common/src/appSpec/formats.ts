import { DNS_SUBDOMAIN_PATTERN } from '../names';

/** A DNS-1123 label that starts with a letter, so it also works as a Service name. */
export const APP_NAME = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** A group entity ref, `group:<namespace>/<name>`. */
export const GROUP_REF =
  /^group:[a-z0-9]+(?:-[a-z0-9]+)*\/[A-Za-z0-9][-A-Za-z0-9_.]*$/;

/** A git remote: https, ssh or scp-like (`git@host:org/repo.git`). */
export const GIT_URL =
  /^(?:(?:https?|ssh|git):\/\/[^\s/]+\/\S+|[\w.-]+@[\w.-]+:\S+)$/;

/** An environment variable name. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** An image tag. */
export const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** A DNS-1123 subdomain (names of Secrets, ConfigMaps, claims, hosts). */
export const DNS_SUBDOMAIN = DNS_SUBDOMAIN_PATTERN;

/** A port name (IANA service name). */
export const PORT_NAME = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** An annotation key: optional DNS-subdomain prefix and a name of at most 63 characters. */
export const ANNOTATION_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** A CPU quantity: cores (`1`, `0.5`) or millicores (`250m`). */
export const CPU_QUANTITY = /^(\d+(\.\d+)?|\d+m)$/;

/** A memory or storage quantity with a binary or decimal suffix (`512Mi`, `10Gi`, `1G`). */
export const BYTES_QUANTITY = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|k|M|G|T|P)?$/;

const SECRET_REF = /^secret\/([^/]+)\/([^/]+)$/;
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;
const IMAGE =
  /^(?:[A-Za-z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

/**
 * A reference to a key of a Kubernetes Secret, written `secret/<secret-name>/<key>` in an app spec.
 *
 * @public
 */
export interface SecretKeyRef {
  secretName: string;
  key: string;
}

/**
 * Reads `secret/<secret-name>/<key>`; returns undefined for literals and for malformed references.
 *
 * @public
 */
export function parseSecretRef(value: string): SecretKeyRef | undefined {
  const match = SECRET_REF.exec(value);
  if (
    !match ||
    match[1].length > 253 ||
    !DNS_SUBDOMAIN.test(match[1]) ||
    !SECRET_KEY.test(match[2])
  ) {
    return undefined;
  }
  return { secretName: match[1], key: match[2] };
}

/** Whether a value is meant as a secret reference (and so must be a well-formed one). */
export function looksLikeSecretRef(value: string): boolean {
  return value.startsWith('secret/');
}

/** What is wrong with an image reference, in plain words, or undefined when it is a pinned reference. */
export function imageProblem(image: string): string | undefined {
  if (!IMAGE.test(image)) {
    return 'is not an image reference';
  }
  const [withoutDigest, digest] = image.split('@', 2);
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.indexOf(':', lastSlash + 1);
  const tag = colon >= 0 ? withoutDigest.slice(colon + 1) : undefined;
  if (!tag && !digest) {
    return 'has no tag, so what runs could change without a deploy';
  }
  if (tag === 'latest' && !digest) {
    return 'uses the tag latest, so what runs could change without a deploy';
  }
  return undefined;
}
