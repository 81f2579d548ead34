import {
  Content,
  Header,
  Page,
  Progress,
  WarningPanel,
} from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import { pavedPlatformAdminPermission } from '@paved/plugin-paved-common';
import { AuditTrailCard } from '../AuditTrailCard';

/**
 * The audit trail as a page: every mutation Paved made or refused, for platform admins.
 *
 * @public
 */
export const AuditPage = () => {
  const { allowed, loading } = usePermission({
    permission: pavedPlatformAdminPermission,
  });
  let body;
  if (loading) body = <Progress />;
  else if (!allowed)
    body = (
      <WarningPanel
        severity="info"
        title="Only platform admins read the audit trail"
        message="It lists every team's changes (paved.platform.admin). Ask your platform team what changed in your environments."
      />
    );
  else body = <AuditTrailCard />;
  return (
    <Page themeId="tool">
      <Header
        title="Audit trail"
        subtitle="Who changed what, where, when, and how it ended"
      />
      <Content>{body}</Content>
    </Page>
  );
};
