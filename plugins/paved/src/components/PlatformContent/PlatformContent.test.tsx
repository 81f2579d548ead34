import { screen } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { EntityPlatformOverview } from '@paved/plugin-paved-common';
import { PavedApi } from '../../api/PavedApi';
import { PlatformContent } from './PlatformContent';
import { renderCard } from '../__testUtils__/renderCard';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-api', namespace: 'default' },
  spec: { owner: 'team-checkout' },
};

const base: EntityPlatformOverview = {
  entityRef: 'component:default/checkout-api',
  clusters: [{ name: 'local', reachable: true }],
  environments: [],
  workloads: [],
  gaps: [],
};

function render(api: Partial<PavedApi>) {
  return renderCard(<PlatformContent />, api, entity);
}

describe('PlatformContent', () => {
  it('asks for the annotation when the entity has none', async () => {
    const getOverview = jest.fn().mockResolvedValue({
      ...base,
      gaps: [
        {
          kind: 'missing-annotation',
          message: 'Add the annotation "backstage.io/kubernetes-id: <id>"',
        },
      ],
    });
    await render({ getOverview });
    expect(
      await screen.findByText('Nothing runs here yet'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('gap-missing-annotation')).toHaveTextContent(
      'Add the annotation "backstage.io/kubernetes-id: <id>"',
    );
    expect(getOverview).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'checkout-api',
    });
  });

  it('lists environments and workloads with readiness', async () => {
    await render({
      getOverview: async () => ({
        ...base,
        kubernetesId: 'checkout-api',
        environments: [
          {
            cluster: 'local',
            namespace: 'checkout-dev',
            environment: 'dev',
            team: 'group:default/team-checkout',
            lifecycle: 'persistent',
            protected: false,
          },
          {
            cluster: 'local',
            namespace: 'checkout-production',
            environment: 'production',
            team: 'group:default/team-checkout',
            lifecycle: 'persistent',
            protected: true,
          },
        ],
        workloads: [
          {
            cluster: 'local',
            namespace: 'checkout-dev',
            environment: 'dev',
            kind: 'Deployment',
            name: 'checkout-api',
            desired: 2,
            ready: 2,
          },
          {
            cluster: 'local',
            namespace: 'checkout-production',
            environment: 'production',
            kind: 'Deployment',
            name: 'checkout-api',
            desired: 3,
            ready: 1,
          },
        ],
      }),
    });
    expect(await screen.findByText('checkout-production')).toBeInTheDocument();
    expect(screen.getByText('protected')).toBeInTheDocument();
    expect(screen.getByText('2/2 ready')).toBeInTheDocument();
    expect(screen.getByText('1/3 ready')).toBeInTheDocument();
  });

  it('warns about an unreachable cluster and still says what is missing', async () => {
    await render({
      getOverview: async () => ({
        ...base,
        clusters: [
          {
            name: 'local',
            reachable: false,
            error: 'connect ECONNREFUSED 127.0.0.1:6443',
          },
        ],
        gaps: [
          {
            kind: 'no-environments',
            message:
              'No environment owned by group:default/team-checkout exists on local.',
          },
        ],
      }),
    });
    expect(
      await screen.findByText(/Cluster local could not be read/),
    ).toBeInTheDocument();
    expect(screen.getByText(/ECONNREFUSED/)).toBeInTheDocument();
    expect(screen.getByTestId('gap-no-environments')).toBeInTheDocument();
  });

  it('says plainly, with the reason, when the backend refuses', async () => {
    const response = new Response(
      JSON.stringify({
        error: {
          name: 'NotAllowedError',
          message:
            'You may not view the platform details of component:default/checkout-api',
        },
        request: {
          method: 'GET',
          url: '/api/paved/entities/default/component/checkout-api/overview',
        },
        response: { statusCode: 403 },
      }),
      {
        status: 403,
        statusText: 'Forbidden',
        headers: { 'Content-Type': 'application/json' },
      },
    );
    const error = await ResponseError.fromResponse(response as any);
    await render({ getOverview: async () => Promise.reject(error) });
    expect(
      (await screen.findAllByText(/You may not view the platform details/))
        .length,
    ).toBeGreaterThan(0);
    expect(screen.getByText(/This is not yours to see/)).toBeInTheDocument();
    // a refusal is not shown as a failure with error details
    expect(screen.queryByText(/NotAllowedError/)).not.toBeInTheDocument();
  });
});
