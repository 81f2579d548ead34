import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ApprovalRequestView } from '@paved/plugin-paved-common';
import { PavedApi, pavedApiRef } from '../../api/PavedApi';
import { AgentRequestsPage } from './AgentRequestsPage';

const asked: ApprovalRequestView = {
  id: 'req-agent-1',
  kind: 'environment-clone',
  cluster: 'local',
  namespace: 'team-checkout-staging',
  team: 'group:default/team-checkout',
  requestedBy: 'user:default/bob',
  requestedAt: '2026-12-05T09:00:00Z',
  expiresAt: '2026-12-05T10:00:00Z',
  summary:
    'Clone checkout-production into the new environment team-checkout-staging (4 objects)',
  diff: '+  name: checkout-api',
  status: 'pending',
  agent: { client: 'plugin:mcp-actions', needsLead: false },
};

function render(api: Partial<PavedApi>, path = '/') {
  return renderInTestApp(
    <TestApiProvider apis={[[pavedApiRef, api]]}>
      <AgentRequestsPage />
    </TestApiProvider>,
    { routeEntries: [path] },
  );
}

describe('AgentRequestsPage', () => {
  it("lists the user's agent requests and confirms one", async () => {
    const listApprovals = jest.fn().mockResolvedValue({ requests: [asked] });
    const confirmAgentRequest = jest.fn().mockResolvedValue({
      ...asked,
      status: 'approved',
      outcome: 'applied',
      agent: { ...asked.agent, confirmedBy: 'user:default/bob' },
    });
    await render({ listApprovals, confirmAgentRequest }, `/?id=${asked.id}`);
    expect(listApprovals).toHaveBeenCalledWith({
      origin: 'agent',
      mine: 'true',
    });
    expect(
      await screen.findByText(/waits for your confirmation/),
    ).toBeInTheDocument();
    // the request the link names is open, its diff shown
    expect(screen.getByLabelText('Diff')).toHaveTextContent(
      '+ name: checkout-api',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    await waitFor(() =>
      expect(confirmAgentRequest).toHaveBeenCalledWith(
        asked.id,
        'confirm',
        undefined,
      ),
    );
    expect(listApprovals).toHaveBeenCalledTimes(2);
  });

  it('cancels a request, and offers no buttons on one already answered', async () => {
    const confirmed = {
      ...asked,
      id: 'req-agent-2',
      agent: {
        ...asked.agent!,
        needsLead: true,
        confirmedBy: 'user:default/bob',
      },
    };
    const confirmAgentRequest = jest.fn().mockResolvedValue({
      ...asked,
      status: 'rejected',
      decidedBy: asked.requestedBy,
    });
    await render({
      listApprovals: jest
        .fn()
        .mockResolvedValue({ requests: [asked, confirmed] }),
      confirmAgentRequest,
    });
    expect(
      await screen.findByText('confirmed; waits for a team lead'),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Confirm' })).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(confirmAgentRequest).toHaveBeenCalledWith(
        asked.id,
        'cancel',
        undefined,
      ),
    );
  });

  it('says so when no agent asked for anything', async () => {
    await render({
      listApprovals: jest.fn().mockResolvedValue({ requests: [] }),
    });
    expect(
      await screen.findByText(/No agent has asked for a change on your behalf/),
    ).toBeInTheDocument();
  });

  it('shows a list that failed as an error', async () => {
    await render({
      listApprovals: jest
        .fn()
        .mockRejectedValue(new Error('The Paved backend is unavailable')),
    });
    expect(
      (await screen.findAllByText(/The Paved backend is unavailable/))[0],
    ).toBeInTheDocument();
  });
});
