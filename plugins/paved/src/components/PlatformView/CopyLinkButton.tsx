import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import LinkIcon from '@material-ui/icons/Link';
import { PlatformViewState } from './viewState';
import { viewLink } from './usePlatformView';

/**
 * A button that copies a link to this page with `change` applied to its view (a log line, an event, a
 * diagnosis, the time range), for sharing; says so when copied or when the browser refused.
 *
 * @public
 */
export const CopyLinkButton = (props: {
  change: Partial<PlatformViewState>;
  /** What the link points at, e.g. "this line"; the button is labelled "Copy link to …". */
  what: string;
}) => {
  const alerts = useApi(alertApiRef);
  const label = `Copy link to ${props.what}`;
  const copy = async () => {
    const link = viewLink(window.location, props.change);
    try {
      await navigator.clipboard.writeText(link);
      alerts.post({
        message: `Link to ${props.what} copied`,
        severity: 'success',
        display: 'transient',
      });
    } catch {
      alerts.post({
        message: `The browser did not allow copying; the link is ${link}`,
        severity: 'info',
      });
    }
  };
  return (
    <Tooltip title={label}>
      <IconButton
        size="small"
        aria-label={label}
        onClick={event => {
          event.stopPropagation();
          copy();
        }}
      >
        <LinkIcon fontSize="small" />
      </IconButton>
    </Tooltip>
  );
};
