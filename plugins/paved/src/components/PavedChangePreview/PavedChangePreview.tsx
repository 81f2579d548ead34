import { useCallback, useEffect, useRef } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { Alert, AlertTitle } from '@material-ui/lab';
import { Progress } from '@backstage/core-components';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { useChangePreview } from '../../hooks/useChangePreview';
import {
  PavedChangePreviewUiOptions,
  isFormGoldenPath,
  previewRequest,
} from './formSpec';
import { PreviewResult } from './PreviewResult';

/** The backend's own message of a failed request (a guardrail violation, an invalid field, …). */
function messageOf(error: Error): string {
  const cause = (error as Error & { cause?: { message?: unknown } }).cause;
  return typeof cause?.message === 'string' ? cause.message : error.message;
}

/**
 * A scaffolder form field for a golden-path template's review step: it builds the app spec from the form
 * as the template's `paved:app-spec:read` step does and shows what deploying it would do in the chosen
 * environment — each object's result, the blast radius, the cost forecast, whether a team lead approves
 * it, and the diff. It previews once when shown and again on "Preview the change"; nothing is applied.
 * Its value is only `true` once a preview succeeded; the field is never required.
 *
 * @public
 */
export const PavedChangePreview = (
  props: FieldExtensionComponentProps<
    boolean | undefined,
    PavedChangePreviewUiOptions
  >,
) => {
  const { onChange, uiSchema, schema, formContext, disabled } = props;
  const options = uiSchema?.['ui:options'] ?? {};
  const goldenPath = options.goldenPath;
  const form = (formContext?.formData ?? {}) as Record<string, unknown>;
  const request = isFormGoldenPath(goldenPath)
    ? previewRequest(goldenPath, form, options)
    : undefined;
  const body = request && 'body' in request ? request.body : undefined;
  const [state, run] = useChangePreview();

  const preview = useCallback(async () => {
    if (!body || !isFormGoldenPath(goldenPath)) return;
    const result = await run(goldenPath, body);
    if (!(result instanceof Error)) onChange(true);
  }, [body, goldenPath, run, onChange]);

  // once when the review step is shown
  const started = useRef(false);
  useEffect(() => {
    if (started.current || !body) return;
    started.current = true;
    preview();
  }, [body, preview]);

  if (!isFormGoldenPath(goldenPath)) {
    return (
      <Alert severity="error">
        {`ui:options.goldenPath: "${String(
          goldenPath ?? '',
        )}" is not a golden path this field previews; set web-service, worker or cron-job`}
      </Alert>
    );
  }
  return (
    <Box my={2} role="region" aria-label="Change preview">
      <Typography variant="h6">
        {schema.title ?? 'Review the change'}
      </Typography>
      {schema.description && (
        <Typography variant="body2" color="textSecondary">
          {schema.description}
        </Typography>
      )}
      <Box my={1}>
        <Button
          variant="outlined"
          color="primary"
          onClick={preview}
          disabled={disabled || !body || state.loading}
        >
          Preview the change
        </Button>
      </Box>
      {request && 'missing' in request && (
        <Typography variant="body2">{request.missing}</Typography>
      )}
      {state.loading && <Progress />}
      {!state.loading && state.error && (
        <Alert severity="error" role="alert">
          <AlertTitle>The change would be refused</AlertTitle>
          <Box component="span" style={{ whiteSpace: 'pre-wrap' }}>
            {messageOf(state.error)}
          </Box>
        </Alert>
      )}
      {!state.loading && !state.error && state.value && body && (
        <PreviewResult preview={state.value} namespace={body.namespace} />
      )}
    </Box>
  );
};
