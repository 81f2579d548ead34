import { Progress } from '@backstage/core-components';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { Alert, AlertTitle } from '@material-ui/lab';
import { useGitTarget } from '../../hooks/useGitTarget';

function formString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/**
 * A read-only scaffolder form field for a golden path's Repository page: it says where the code goes for the
 * form's `owner` and `name` — the private repository in the team's organisation on the configured git host,
 * from which the catalog then reads the component, or, without a git host, that the component is registered
 * from the local catalog, and why. It holds no value of its own.
 *
 * @public
 */
export const PavedGitTarget = (
  props: FieldExtensionComponentProps<string | undefined>,
) => {
  const { formContext, schema } = props;
  const form = (formContext?.formData ?? {}) as Record<string, unknown>;
  const owner = formString(form.owner);
  const name = formString(form.name);
  const { value, loading, error } = useGitTarget(owner, name);

  if (loading && !value) return <Progress />;
  if (error) {
    return (
      <Alert severity="warning" role="alert">
        <AlertTitle>Where the code goes could not be read</AlertTitle>
        {error.message}. The task decides it again when it runs.
      </Alert>
    );
  }
  if (!value) return null;
  if (value.mode === 'local') {
    return (
      <Alert severity="info" aria-label={schema.title ?? 'Repository'}>
        <AlertTitle>Registered from the local catalog</AlertTitle>
        <Typography variant="body2">
          No repository is created: {value.reason}. The code stays in the task's
          workspace and the component is registered from the local catalog
          folder.
        </Typography>
      </Alert>
    );
  }
  return (
    <Alert severity="success" aria-label={schema.title ?? 'Repository'}>
      <AlertTitle>Published to the git host</AlertTitle>
      <Typography variant="body2">
        {value.repositoryUrl ? (
          <>
            A private repository{' '}
            <Link href={value.repositoryUrl} target="_blank" rel="noopener">
              {value.repositoryUrl}
            </Link>{' '}
            gets the code, and the catalog reads the component from it.
          </>
        ) : (
          <>
            A private repository on {value.hostUrl} gets the code once the name
            and owning team are set, and the catalog reads the component from
            it.
          </>
        )}
      </Typography>
    </Alert>
  );
};
