/**
 * Kubernetes names as every Paved entry point accepts them: the backend's routes, the scaffolder actions and
 * approval payloads check a name or namespace here, exactly as given. Nothing is trimmed, lower-cased or
 * decoded, so the object a permission check reads is the object the write touches; a value that would need
 * such a fix is refused with a message naming the field.
 */

import { z } from 'zod/v3';

/** A DNS-1123 label (RFC 1123): namespaces, container names, Services. @public */
export const DNS_LABEL_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A DNS-1123 subdomain: dot-separated labels; the names of most Kubernetes objects. @public */
export const DNS_SUBDOMAIN_PATTERN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Longest DNS-1123 label. @public */
export const DNS_LABEL_MAX_LENGTH = 63;

/** Longest DNS-1123 subdomain. @public */
export const DNS_SUBDOMAIN_MAX_LENGTH = 253;

/**
 * Which rule a Kubernetes name follows: `label` for namespaces (environments) and containers, `subdomain`
 * for object names.
 *
 * @public
 */
export type KubernetesNameKind = 'label' | 'subdomain';

function why(value: string, kind: KubernetesNameKind): string {
  if (value === '') return 'is empty';
  if (/\s/.test(value)) return 'contains white space';
  if (/[/\\]/.test(value)) return 'contains a path separator ("/" or "\\")';
  if (value.includes('%')) return 'contains "%" (URL-encoded text)';
  if (/[A-Z]/.test(value)) return 'contains capital letters';
  if (kind === 'label' && value.includes('.')) return 'contains "."';
  if (value.includes('..')) return 'contains ".."';
  return 'is not a DNS-1123 name';
}

/**
 * The problem with `value` as a Kubernetes name, as `<field>: "<value>" <what is wrong>; <fix>`, or
 * undefined when it is one.
 *
 * @public
 */
export function kubernetesNameProblem(
  field: string,
  value: unknown,
  kind: KubernetesNameKind,
): string | undefined {
  const max =
    kind === 'label' ? DNS_LABEL_MAX_LENGTH : DNS_SUBDOMAIN_MAX_LENGTH;
  const pattern = kind === 'label' ? DNS_LABEL_PATTERN : DNS_SUBDOMAIN_PATTERN;
  const rule =
    kind === 'label'
      ? `at most ${max} lowercase letters, digits and "-", starting and ending with a letter or digit (e.g. checkout-production)`
      : `at most ${max} lowercase letters, digits, "-" and ".", each dot-separated part starting and ending with a letter or digit (e.g. checkout-api)`;
  if (typeof value !== 'string') {
    return `${field}: must be a text name; use ${rule}`;
  }
  if (value.length > max) {
    return `${field}: "${value.slice(0, 80)}…" is ${
      value.length
    } characters long; use ${rule}`;
  }
  if (pattern.test(value)) return undefined;
  return `${field}: ${JSON.stringify(value)} ${why(
    value,
    kind,
  )}; give the name exactly as Kubernetes stores it: ${rule}`;
}

/**
 * Whether `value` is a Kubernetes name of this kind, exactly as given.
 *
 * @public
 */
export function isKubernetesName(
  value: unknown,
  kind: KubernetesNameKind,
): value is string {
  return kubernetesNameProblem('name', value, kind) === undefined;
}

/**
 * A zod schema for a Kubernetes name given in `field`: the value as given, refused with
 * {@link kubernetesNameProblem}'s message otherwise.
 *
 * @public
 */
export function kubernetesNameSchema(
  field: string,
  kind: KubernetesNameKind,
): z.ZodEffects<z.ZodString, string, string> {
  return z.string().superRefine((value, ctx) => {
    const problem = kubernetesNameProblem(field, value, kind);
    if (problem)
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  });
}
