import { ResponseErrorPanel, WarningPanel } from '@backstage/core-components';

/** The error of a cost request: a plain "not allowed" with the backend's reason for 403, else the details. */
export const CostErrorPanel = (props: { error: Error }) => {
  const error = props.error as Error & {
    statusCode?: number;
    cause?: { name?: string; message?: string };
  };
  if (error.statusCode === 403 || error.cause?.name === 'NotAllowedError') {
    return (
      <WarningPanel
        severity="info"
        title="You may not see this cost"
        message={error.cause?.message ?? error.message}
        defaultExpanded
      />
    );
  }
  return <ResponseErrorPanel error={props.error} />;
};
