import {
  Content,
  Header,
  InfoCard,
  Page,
  Progress,
} from '@backstage/core-components';
import List from '@material-ui/core/List';
import Typography from '@material-ui/core/Typography';
import { useLocation } from 'react-router-dom';
import { useAgentRequests } from '../../hooks/useAgentRequests';
import { ErrorPanel } from '../ErrorPanel';
import { AgentRequest } from './AgentRequest';

/**
 * The changes AI agents asked for on the signed-in user's behalf (over MCP), at `/paved/change-requests`:
 * each waits here until the user confirms or cancels it; `?id=` (the link an agent answers with) marks one.
 *
 * @public
 */
export const AgentRequestsPage = () => {
  const { value, loading, error, retry } = useAgentRequests();
  const highlighted = new URLSearchParams(useLocation().search).get('id');
  let body;
  if (loading) body = <Progress />;
  else if (error) body = <ErrorPanel error={error} />;
  else if (!value?.length)
    body = (
      <Typography variant="body2">
        No agent has asked for a change on your behalf. When one does (over
        MCP), the change waits here for you.
      </Typography>
    );
  else
    body = (
      <List dense>
        {value.map(r => (
          <AgentRequest
            key={r.id}
            request={r}
            highlighted={r.id === highlighted}
            onAnswered={retry}
          />
        ))}
      </List>
    );
  return (
    <Page themeId="tool">
      <Header
        title="Your agents' change requests"
        subtitle="Nothing an AI agent asks for runs until you confirm it here"
      />
      <Content>
        <InfoCard title="Change requests from your agents">{body}</InfoCard>
      </Content>
    </Page>
  );
};
