import TextField from '@material-ui/core/TextField';
import { Autocomplete } from '@material-ui/lab';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { useEnvironmentSecrets } from '../../hooks/useEnvironmentSecrets';
import {
  PavedSecretRefPickerUiOptions,
  formString,
  missingRefWarning,
  secretRefOptions,
  secretRefProblem,
} from './secretRefs';

/**
 * A scaffolder form field for a secret reference `secret/<secret-name>/<key>`: it offers every key that
 * exists in the target environment (the form's cluster and namespace fields), accepts any other
 * well-formed reference, and warns when the key is not set there yet — the deploy's dry run would stop.
 * Values are never read: only the names of Secrets and keys.
 *
 * @public
 */
export const PavedSecretRefPicker = (
  props: FieldExtensionComponentProps<string, PavedSecretRefPickerUiOptions>,
) => {
  const {
    formData,
    onChange,
    uiSchema,
    rawErrors,
    required,
    schema,
    formContext,
    idSchema,
    disabled,
  } = props;
  const options = uiSchema?.['ui:options'] ?? {};
  const form = (formContext?.formData ?? {}) as Record<string, unknown>;
  const cluster =
    options.cluster ?? formString(form[options.clusterField ?? 'cluster']);
  const namespace = formString(form[options.namespaceField ?? 'namespace']);
  const {
    value: env,
    loading,
    error,
  } = useEnvironmentSecrets(cluster, namespace);
  const text = formData ?? '';
  const problem = secretRefProblem(text, options.allowVariable);
  const warning = problem ? undefined : missingRefWarning(text, env);

  let helper: string | undefined;
  if (problem) helper = problem;
  else if (warning) helper = warning;
  else if (!cluster || !namespace)
    helper = 'Choose the environment first to see its secret keys';
  else if (error)
    helper = `The keys of ${namespace} could not be read: ${error.message}`;
  else helper = schema.description;

  return (
    <Autocomplete
      id={idSchema?.$id}
      freeSolo
      options={secretRefOptions(env)}
      loading={loading}
      disabled={disabled}
      value={text}
      inputValue={text}
      onInputChange={(_, value) => onChange(value || undefined)}
      onChange={(_, value) => onChange((value as string | null) || undefined)}
      renderInput={params => (
        <TextField
          {...params}
          label={schema.title}
          required={required}
          margin="normal"
          error={Boolean(problem) || Boolean(rawErrors?.length)}
          helperText={helper}
          FormHelperTextProps={{
            ...(warning ? { style: { color: '#b26a00' } } : {}),
            role: warning || problem ? 'alert' : undefined,
          }}
        />
      )}
    />
  );
};
