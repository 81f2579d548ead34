import {
  EnvironmentSecretsView,
  parseSecretRef,
} from '@paved/plugin-paved-common';

/**
 * The options of the {@link PavedSecretRefPicker} form field (`ui:options`).
 *
 * @public
 */
export type PavedSecretRefPickerUiOptions = {
  /** The cluster of the target environment; by default the value of the form field `clusterField`. */
  cluster?: string;
  /** The form field holding the cluster (default `cluster`). */
  clusterField?: string;
  /** The form field holding the target environment's namespace (default `namespace`). */
  namespaceField?: string;
  /** Also accept the name of an environment variable (e.g. `QUEUE_URL`), as `queue.urlFrom` does. */
  allowVariable?: boolean;
};

const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `secret/<name>/<key>` for every key that exists in the environment, sorted. */
export function secretRefOptions(env?: EnvironmentSecretsView): string[] {
  if (!env) return [];
  return env.secrets
    .flatMap(s =>
      s.keys.filter(k => k.exists).map(k => `secret/${s.name}/${k.key}`),
    )
    .sort();
}

/** What is wrong with a written reference, or undefined when it is well formed. */
export function secretRefProblem(
  value: string,
  allowVariable = false,
): string | undefined {
  if (!value || parseSecretRef(value)) return undefined;
  if (allowVariable && !value.startsWith('secret/') && VARIABLE.test(value))
    return undefined;
  return `Write secret/<secret-name>/<key>, e.g. secret/orders-db/password${
    allowVariable ? ', or the name of an environment variable' : ''
  }`;
}

/** Whether a well-formed reference names a key the environment does not have (yet). */
export function missingRefWarning(
  value: string,
  env: EnvironmentSecretsView | undefined,
): string | undefined {
  const ref = parseSecretRef(value);
  if (!ref || !env) return undefined;
  if (secretRefOptions(env).includes(value)) return undefined;
  return `${ref.secretName}/${ref.key} is not set in ${env.namespace} yet — set it on the Secrets card first, or the deploy will stop at its dry run`;
}

/** A form value as a string, when it is one. */
export function formString(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}
