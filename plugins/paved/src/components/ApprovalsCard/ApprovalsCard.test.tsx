import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { identityApiRef } from '@backstage/core-plugin-api';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ApprovalRequestView } from '@paved/plugin-paved-common';
import { PavedApi, pavedApiRef } from '../../api/PavedApi';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { ApprovalsCard, TeamApprovalsCard } from './ApprovalsCard';

const pending: ApprovalRequestView = {
  id: 'req-1',
  kind: 'apply',
  cluster: 'local',
  namespace: 'checkout-production',
  team: 'group:default/team-checkout',
  requestedBy: 'user:default/bob',
  requestedAt: '2026-11-21T09:00:00Z',
  expiresAt: '2026-11-24T09:00:00Z',
  summary: 'ConfigMap settings created',
  diff: '+  name: settings',
  status: 'pending',
};

// usePermission caches answers per permission and resource, so each case uses its own namespace
function render(options: {
  me: string;
  allowed: boolean;
  api: Partial<PavedApi>;
  namespace?: string;
}) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [pavedApiRef, options.api],
        [identityApiRef, mockApis.identity({ userEntityRef: options.me })],
        [
          permissionApiRef,
          mockApis.permission({
            authorize: options.allowed
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
          }),
        ],
      ]}
    >
      <ApprovalsCard
        namespaces={[options.namespace ?? 'checkout-production']}
        teams={['group:default/team-checkout']}
      />
    </TestApiProvider>,
  );
}

describe('ApprovalsCard', () => {
  it('lets a team lead approve a pending request, showing its diff', async () => {
    const decideApproval = jest.fn().mockResolvedValue({
      ...pending,
      status: 'approved',
      outcome: 'applied',
    });
    const listApprovals = jest.fn().mockResolvedValue({ requests: [pending] });
    await render({
      me: 'user:default/alice',
      allowed: true,
      api: { listApprovals, decideApproval },
    });
    expect(
      await screen.findByText(/ConfigMap settings created/),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Diff')).toHaveTextContent('+ name: settings');
    const approve = screen.getByRole('button', { name: 'Approve' });
    await waitFor(() => expect(approve).toBeEnabled());
    fireEvent.click(approve);
    await waitFor(() =>
      expect(decideApproval).toHaveBeenCalledWith('req-1', 'approve'),
    );
  });

  it('disables deciding for the requester and says why', async () => {
    await render({
      me: 'user:default/bob',
      allowed: true,
      api: {
        listApprovals: jest.fn().mockResolvedValue({ requests: [pending] }),
      },
    });
    expect(
      await screen.findByText(/You asked for this change/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Approve' })).toBeDisabled();
  });

  it('disables deciding without the permission and names who decides', async () => {
    await render({
      me: 'user:default/dave',
      allowed: false,
      namespace: 'checkout-staging',
      api: {
        listApprovals: jest.fn().mockResolvedValue({
          requests: [{ ...pending, namespace: 'checkout-staging' }],
        }),
      },
    });
    expect(
      await screen.findByText(
        /Only team leads of group:default\/team-checkout/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Reject' })).toBeDisabled();
  });

  it('says what the card is for when nothing waits', async () => {
    await render({
      me: 'user:default/alice',
      allowed: true,
      api: { listApprovals: jest.fn().mockResolvedValue({ requests: [] }) },
    });
    expect(await screen.findByText(/No change requests/)).toBeInTheDocument();
  });

  it('lists the team\u2019s clones into new protected environments, and nothing of other teams', async () => {
    const clone = (id: string, team: string, namespace: string) => ({
      ...pending,
      id,
      kind: 'environment-clone',
      team,
      namespace,
      summary: `Clone checkout-dev into the new environment ${namespace} (12 objects)`,
    });
    const listApprovals = jest.fn().mockResolvedValue({
      requests: [
        clone('req-2', 'group:default/team-checkout', 'checkout-production-eu'),
        clone('req-3', 'group:default/team-search', 'search-production-eu'),
        { ...pending, id: 'req-4', namespace: 'checkout-dev' },
      ],
    });
    await render({
      me: 'user:default/alice',
      allowed: true,
      api: { listApprovals },
      namespace: 'checkout-production-clone-case',
    });
    expect(
      await screen.findByText(/new environment checkout-production-eu/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/search-production-eu/)).not.toBeInTheDocument();
    // an apply to an environment that is not one of the listed protected ones is not shown either
    expect(screen.queryByText(/^checkout-dev:/)).not.toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Approve' })).toHaveLength(1);
  });

  it('lists every request of the team on its group page, and none of other teams', async () => {
    const listApprovals = jest.fn().mockResolvedValue({
      requests: [
        { ...pending, id: 'req-5', namespace: 'checkout-dev-eu' },
        {
          ...pending,
          id: 'req-6',
          kind: 'environment-clone',
          namespace: 'checkout-production-eu',
          summary:
            'Clone checkout-dev into the new environment checkout-production-eu (12 objects)',
        },
        {
          ...pending,
          id: 'req-7',
          team: 'group:default/team-search',
          namespace: 'search-production',
        },
      ],
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [pavedApiRef, { listApprovals }],
          [
            identityApiRef,
            mockApis.identity({ userEntityRef: 'user:default/alice' }),
          ],
          [
            permissionApiRef,
            mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
          ],
        ]}
      >
        <EntityProvider
          entity={{
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Group',
            metadata: { name: 'team-checkout', namespace: 'default' },
            spec: { type: 'team', children: [] },
          }}
        >
          <TeamApprovalsCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      await screen.findByText(/new environment checkout-production-eu/),
    ).toBeInTheDocument();
    expect(screen.getByText(/^checkout-dev-eu:/)).toBeInTheDocument();
    expect(screen.queryByText(/search-production/)).not.toBeInTheDocument();
  });
});

describe('ApprovalsCard: what approving really does', () => {
  const review = (digest: string, diff: string) => ({
    digest,
    diff,
    removedFields: ['ConfigMap checkout-production/settings: data.mode'],
    changedSinceRequest: true,
    force: false,
  });
  /** The 409 the backend answers when an approval needs a second confirmation, as ResponseError carries it. */
  const needsConfirmation = (r: ReturnType<typeof review>) =>
    Object.assign(new Error('Conflict'), {
      name: 'ResponseError',
      body: { error: { name: 'ConflictError', message: 'not run', review: r } },
    });

  it('shows every object, force and the requester\u2019s note as such', async () => {
    await render({
      me: 'user:default/alice',
      allowed: true,
      namespace: 'checkout-production-facts',
      api: {
        listApprovals: jest.fn().mockResolvedValue({
          requests: [
            {
              ...pending,
              namespace: 'checkout-production-facts',
              force: true,
              requesterNote: 'only a typo',
              objects: [
                {
                  apiVersion: 'v1',
                  kind: 'ConfigMap',
                  namespace: 'checkout-production-facts',
                  name: 'settings',
                },
                {
                  apiVersion: 'apps/v1',
                  kind: 'Deployment',
                  namespace: 'checkout-production-facts',
                  name: 'web',
                },
              ],
            },
          ],
        }),
      },
    });
    expect(await screen.findByLabelText('Objects')).toHaveTextContent(
      'ConfigMap checkout-production-facts/settings, Deployment checkout-production-facts/web',
    );
    expect(screen.getByLabelText('Force')).toHaveTextContent(
      'takes over fields other field managers own',
    );
    expect(screen.getByLabelText("Requester's note")).toHaveTextContent(
      "Requester's note (not checked by Paved): only a typo",
    );
  });

  it('shows the approver\u2019s new diff when the change moved, and approves only that diff on confirmation', async () => {
    const first = review('a'.repeat(64), '+  mode: blue\n   owner: ops');
    const second = review('b'.repeat(64), '+  mode: blue\n   region: eu');
    const decideApproval = jest
      .fn()
      .mockRejectedValueOnce(needsConfirmation(first))
      .mockRejectedValueOnce(needsConfirmation(second))
      .mockResolvedValueOnce({
        ...pending,
        status: 'approved',
        outcome: 'applied',
      });
    await render({
      me: 'user:default/alice',
      allowed: true,
      namespace: 'checkout-production-confirm',
      api: {
        listApprovals: jest.fn().mockResolvedValue({
          requests: [{ ...pending, namespace: 'checkout-production-confirm' }],
        }),
        decideApproval,
      },
    });
    const approve = await screen.findByRole('button', { name: 'Approve' });
    await waitFor(() => expect(approve).toBeEnabled());
    fireEvent.click(approve);

    expect(await screen.findByLabelText('New diff')).toHaveTextContent(
      'owner: ops',
    );
    expect(screen.getByLabelText('Removed fields')).toHaveTextContent(
      'ConfigMap checkout-production/settings: data.mode',
    );
    expect(decideApproval).toHaveBeenLastCalledWith('req-1', 'approve');

    // the live objects moved again: the backend refuses the older confirmation and shows the newer diff
    fireEvent.click(screen.getByRole('button', { name: 'Approve this diff' }));
    await waitFor(() =>
      expect(screen.getByLabelText('New diff')).toHaveTextContent('region: eu'),
    );
    expect(decideApproval).toHaveBeenLastCalledWith(
      'req-1',
      'approve',
      undefined,
      first.digest,
    );

    fireEvent.click(screen.getByRole('button', { name: 'Approve this diff' }));
    await waitFor(() =>
      expect(decideApproval).toHaveBeenLastCalledWith(
        'req-1',
        'approve',
        undefined,
        second.digest,
      ),
    );
    await waitFor(() =>
      expect(screen.queryByLabelText('New diff')).not.toBeInTheDocument(),
    );
    expect(decideApproval).toHaveBeenCalledTimes(3);
  });
});

describe('ApprovalsCard: a request to set secret values', () => {
  const secretRequest: ApprovalRequestView = {
    ...pending,
    id: 'req-s',
    kind: 'secret-values',
    namespace: 'checkout-production-secrets',
    summary: 'Secret checkout-db: set url, password',
    diff: '~ Secret checkout-db: url, password (values not shown)',
    secret: { name: 'checkout-db', keys: ['url', 'password'] },
  };

  it('asks the approving lead for every value, sends them with the approval and forgets them', async () => {
    const decideApproval = jest.fn().mockResolvedValue({
      ...secretRequest,
      status: 'approved',
      outcome: 'applied',
    });
    await render({
      me: 'user:default/alice',
      allowed: true,
      namespace: 'checkout-production-secrets',
      api: {
        listApprovals: jest
          .fn()
          .mockResolvedValue({ requests: [secretRequest] }),
        decideApproval,
      },
    });
    expect(await screen.findByLabelText('Secret keys')).toHaveTextContent(
      'Keys of Secret checkout-db: url, password',
    );
    expect(screen.getByLabelText('Diff')).toHaveTextContent(
      'url, password (values not shown)',
    );
    const url = await screen.findByLabelText('Value of url');
    expect(url).toHaveAttribute('type', 'password');
    expect(url).toHaveAttribute('autocomplete', 'new-password');
    const approve = screen.getByRole('button', { name: 'Approve' });
    fireEvent.change(url, { target: { value: 'postgres://prod-value' } });
    // one value is still missing
    expect(approve).toBeDisabled();
    fireEvent.change(screen.getByLabelText('Value of password'), {
      target: { value: 'prod-password-value' },
    });
    await waitFor(() => expect(approve).toBeEnabled());
    fireEvent.click(approve);
    await waitFor(() =>
      expect(decideApproval).toHaveBeenCalledWith(
        'req-s',
        'approve',
        undefined,
        undefined,
        { url: 'postgres://prod-value', password: 'prod-password-value' },
      ),
    );
    await waitFor(() =>
      expect(screen.queryByDisplayValue('postgres://prod-value')).toBeNull(),
    );
    expect(document.body.innerHTML).not.toContain('prod-password-value');
  });

  it('rejects without asking for values', async () => {
    const decideApproval = jest.fn().mockResolvedValue({
      ...secretRequest,
      status: 'rejected',
    });
    await render({
      me: 'user:default/alice',
      allowed: true,
      namespace: 'checkout-production-secrets-reject',
      api: {
        listApprovals: jest.fn().mockResolvedValue({
          requests: [
            {
              ...secretRequest,
              namespace: 'checkout-production-secrets-reject',
            },
          ],
        }),
        decideApproval,
      },
    });
    const reject = await screen.findByRole('button', { name: 'Reject' });
    await waitFor(() => expect(reject).toBeEnabled());
    fireEvent.click(reject);
    await waitFor(() =>
      expect(decideApproval).toHaveBeenCalledWith('req-s', 'reject'),
    );
  });
});

describe('ApprovalsCard, impact of a change', () => {
  const impactful: ApprovalRequestView = {
    ...pending,
    id: 'req-i',
    namespace: 'checkout-production-impact',
    impact: {
      blastRadius: {
        restartingPods: [
          {
            workload: 'Deployment/checkout-api',
            pods: ['checkout-api-1', 'checkout-api-2'],
          },
        ],
        services: [
          {
            name: 'checkout-api',
            before: 2,
            after: 0,
            problem: 'no-endpoints',
            message: 'its selector matches no pod after the change',
          },
        ],
        conflicts: [],
        cutTraffic: [
          {
            from: 'checkout-web',
            to: 'checkout-api',
            policy: 'deny-all',
            message: 'no rule admits checkout-web any more',
          },
        ],
        components: ['checkout-api', 'checkout-web'],
        owners: ['group:default/team-checkout'],
      },
      cost: {
        currency: 'USD',
        before: { min: 20, max: 40 },
        after: { min: 42.5, max: 62.5 },
        delta: { min: 22.5, max: 22.5 },
        workloads: [],
        budget: {
          team: 'team-checkout',
          budget: 400,
          projected: 410,
          projectedAfter: 432.5,
          over: true,
        },
      },
      notes: ['no price for GPU'],
    },
    rollback: {
      revision: 3,
      prune: ['ConfigMap checkout-extra'],
    },
  };

  it('shows the blast radius, the cost forecast against the budget and what a rollback restores', async () => {
    await render({
      me: 'user:default/alice',
      allowed: true,
      namespace: 'checkout-production-impact',
      api: {
        listApprovals: jest.fn().mockResolvedValue({ requests: [impactful] }),
      },
    });
    const radius = await screen.findByRole('region', { name: 'Blast radius' });
    expect(
      within(radius).getByText(
        'Deployment/checkout-api: checkout-api-1, checkout-api-2',
      ),
    ).toBeInTheDocument();
    expect(
      within(radius).getByText(
        'checkout-api (2 → 0 pods): its selector matches no pod after the change',
      ),
    ).toBeInTheDocument();
    expect(
      within(radius).getByText(
        'checkout-web → checkout-api (deny-all): no rule admits checkout-web any more',
      ),
    ).toBeInTheDocument();
    // an empty list is left out
    expect(within(radius).queryByText('Conflicts:')).not.toBeInTheDocument();
    expect(
      within(radius).getByText('Components: checkout-api, checkout-web'),
    ).toBeInTheDocument();
    expect(
      within(radius).getByText('Cost forecast: +22.50 USD/month'),
    ).toBeInTheDocument();
    expect(
      within(radius).getByText(
        'team-checkout: projected 410.00 → 432.50 of 400.00 USD (over budget)',
      ),
    ).toBeInTheDocument();
    expect(within(radius).getByText('no price for GPU')).toBeInTheDocument();
    expect(screen.getByLabelText('Rollback')).toHaveTextContent(
      'Restores revision #3; removes: ConfigMap checkout-extra',
    );
  });

  it('shows a cost range when the HPA range makes the delta differ', async () => {
    const ranged: ApprovalRequestView = {
      ...impactful,
      id: 'req-r',
      namespace: 'checkout-production-range',
      rollback: undefined,
      impact: {
        ...impactful.impact!,
        cost: {
          ...impactful.impact!.cost!,
          delta: { min: -5, max: 12.346 },
          budget: undefined,
        },
      },
    };
    await render({
      me: 'user:default/alice',
      allowed: true,
      namespace: 'checkout-production-range',
      api: {
        listApprovals: jest.fn().mockResolvedValue({ requests: [ranged] }),
      },
    });
    expect(
      await screen.findByText('Cost forecast: -5.00..+12.35 USD/month'),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText('Rollback')).not.toBeInTheDocument();
  });
});
