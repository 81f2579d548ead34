import { ResponseErrorPanel, WarningPanel } from '@backstage/core-components';

/**
 * The error of a Paved request. A refusal (403) is not a failure: it shows as a plain "not allowed" panel with
 * the backend's reason (whose it is, who may see it); anything else shows the full error details.
 *
 * @public
 */
export const ErrorPanel = (props: {
  error: Error;
  notAllowedTitle?: string;
}) => {
  const error = props.error as Error & {
    statusCode?: number;
    cause?: { name?: string; message?: string };
  };
  if (error.statusCode === 403 || error.cause?.name === 'NotAllowedError') {
    return (
      <WarningPanel
        severity="info"
        title={props.notAllowedTitle ?? 'This is not yours to see'}
        message={error.cause?.message ?? error.message}
        defaultExpanded
      />
    );
  }
  return <ResponseErrorPanel error={props.error} />;
};
