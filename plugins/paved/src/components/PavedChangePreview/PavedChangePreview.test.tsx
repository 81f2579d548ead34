import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { ChangePreview } from '@paved/plugin-paved-common';
import { PavedApi, pavedApiRef } from '../../api/PavedApi';
import { PavedChangePreview } from './PavedChangePreview';
import { PavedChangePreviewUiOptions } from './formSpec';

type Props = FieldExtensionComponentProps<
  boolean | undefined,
  PavedChangePreviewUiOptions
>;

const FORM = {
  cluster: 'local',
  name: 'orders-api',
  owner: 'group:default/team-checkout',
  namespace: 'checkout-dev',
  source: { image: 'registry.paved.local/orders-api:1.0.0' },
  port: 8080,
  size: 'medium',
  autoscaling: { enabled: true, min: 2, max: 10, targetCPU: 70 },
  ingress: { enabled: true, path: '/' },
  patches:
    '- target: { kind: Deployment }\n  type: json\n  patch: [{ op: replace, path: /spec/revisionHistoryLimit, value: 7 }]',
  ci: { lint: true },
  publish: false,
};

const PREVIEW: ChangePreview = {
  diff: '--- Deployment orders-api (live)\n+++ Deployment orders-api (change)\n-        image: orders-api:0.9.0\n+        image: orders-api:1.0.0',
  results: [
    { kind: 'Deployment', name: 'orders-api', result: 'configured' },
    { kind: 'Service', name: 'orders-api', result: 'unchanged' },
  ],
  impact: {
    blastRadius: {
      restartingPods: [
        {
          workload: 'Deployment/orders-api',
          pods: ['orders-api-7d9-a', 'orders-api-7d9-b'],
        },
      ],
      services: [
        {
          name: 'orders-api',
          before: 2,
          after: 0,
          problem: 'no-endpoints',
          message: 'Service orders-api would select no pods',
        },
      ],
      conflicts: [
        {
          kind: 'PodDisruptionBudget',
          name: 'orders-api',
          message: 'minAvailable 3 ≥ replicas 2 blocks every eviction',
        },
      ],
      cutTraffic: [
        {
          from: 'orders-web',
          to: 'orders-api',
          policy: 'orders-api',
          message: 'orders-web can no longer reach orders-api',
        },
      ],
      components: ['orders-api', 'orders-web'],
      owners: ['group:default/team-checkout'],
    },
    cost: {
      currency: 'EUR',
      before: { min: 10, max: 10 },
      after: { min: 20.5, max: 102.5 },
      delta: { min: 10.5, max: 92.5 },
      workloads: [],
    },
    notes: [],
  },
  warnings: [
    'HorizontalPodAutoscaler orders-api: metrics-server is not installed',
  ],
  needsApproval: false,
};

async function render(
  options: {
    form?: Record<string, unknown>;
    uiOptions?: PavedChangePreviewUiOptions;
    previewGoldenPath?: jest.Mock;
    onChange?: jest.Mock;
  } = {},
) {
  const api: Partial<PavedApi> = {
    previewGoldenPath:
      options.previewGoldenPath ?? jest.fn().mockResolvedValue(PREVIEW),
  };
  const onChange = options.onChange ?? jest.fn();
  const props = {
    formData: undefined,
    onChange,
    uiSchema: {
      'ui:options': options.uiOptions ?? { goldenPath: 'web-service' },
    },
    schema: { title: 'Review the change', type: 'boolean' },
    formContext: { formData: options.form ?? FORM },
    idSchema: { $id: 'root_preview' },
    rawErrors: [],
    required: false,
    disabled: false,
  } as unknown as Props;
  await renderInTestApp(
    <TestApiProvider apis={[[pavedApiRef, api]]}>
      <PavedChangePreview {...props} />
    </TestApiProvider>,
  );
  return { api, onChange };
}

describe('PavedChangePreview', () => {
  it('previews the form\u2019s app spec once when shown, as the template builds it', async () => {
    const { api, onChange } = await render();
    await waitFor(() => expect(api.previewGoldenPath).toHaveBeenCalledTimes(1));
    expect(api.previewGoldenPath).toHaveBeenCalledWith('web-service', {
      cluster: 'local',
      namespace: 'checkout-dev',
      spec: {
        name: 'orders-api',
        owner: 'group:default/team-checkout',
        image: 'registry.paved.local/orders-api:1.0.0',
        port: 8080,
        size: 'medium',
        autoscaling: { enabled: true, min: 2, max: 10, targetCPU: 70 },
        ingress: { enabled: true, path: '/' },
      },
      patches: FORM.patches,
    });
    await waitFor(() => expect(onChange).toHaveBeenCalledWith(true));
  });

  it('shows the results, the blast radius and the cost forecast', async () => {
    await render();
    const objects = await screen.findByRole('region', { name: 'Objects' });
    expect(
      within(objects).getByText('Deployment orders-api: configured'),
    ).toBeInTheDocument();
    expect(
      within(objects).getByText('Service orders-api: unchanged'),
    ).toBeInTheDocument();
    const blast = screen.getByRole('region', { name: 'Blast radius' });
    expect(
      within(blast).getByText(
        'Deployment/orders-api: orders-api-7d9-a, orders-api-7d9-b',
      ),
    ).toBeInTheDocument();
    expect(
      within(blast).getByText(
        'orders-api (2 → 0 pods): Service orders-api would select no pods',
      ),
    ).toBeInTheDocument();
    expect(
      within(blast).getByText(
        'PodDisruptionBudget orders-api: minAvailable 3 ≥ replicas 2 blocks every eviction',
      ),
    ).toBeInTheDocument();
    expect(
      within(blast).getByText(
        'orders-web → orders-api (orders-api): orders-web can no longer reach orders-api',
      ),
    ).toBeInTheDocument();
    expect(
      within(blast).getByText('Components: orders-api, orders-web'),
    ).toBeInTheDocument();
    expect(
      within(blast).getByText('Owners: group:default/team-checkout'),
    ).toBeInTheDocument();
    const cost = screen.getByRole('region', { name: 'Cost forecast' });
    expect(
      within(cost).getByText('+10.50..+92.50 EUR/month'),
    ).toBeInTheDocument();
    expect(
      within(cost).getByText('Before → after: 10.00 → 20.50..102.50 EUR/month'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'HorizontalPodAutoscaler orders-api: metrics-server is not installed',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/A team lead approves this change/)).toBeNull();
  });

  it('keeps the diff collapsed in a monospace block until opened', async () => {
    await render();
    const toggle = await screen.findByRole('button', { name: 'Diff' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    fireEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const diff = await screen.findByLabelText('Diff', { selector: 'pre' });
    expect(diff.textContent).toBe(PREVIEW.diff);
    expect(diff).toHaveStyle({ fontFamily: 'monospace' });
  });

  it('says a team lead approves the change when it needs approval', async () => {
    await render({
      previewGoldenPath: jest
        .fn()
        .mockResolvedValue({ ...PREVIEW, needsApproval: true }),
    });
    expect(
      await screen.findByText(
        /A team lead approves this change: creating it makes a change request for checkout-dev/,
      ),
    ).toBeInTheDocument();
  });

  it('shows the backend\u2019s refusal, and previews again on the button', async () => {
    const refusal = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'InputError',
            message:
              '1 guardrail violation(s); nothing was applied:\n  - Deployment orders-api spec.replicas: 0 is below 1',
          },
          request: { method: 'POST', url: '/golden-paths/web-service/preview' },
          response: { statusCode: 400 },
        }),
        { status: 400, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    const previewGoldenPath = jest
      .fn()
      .mockRejectedValueOnce(refusal)
      .mockResolvedValueOnce(PREVIEW);
    const onChange = jest.fn();
    await render({ previewGoldenPath, onChange });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The change would be refused');
    expect(alert).toHaveTextContent(
      'Deployment orders-api spec.replicas: 0 is below 1',
    );
    expect(alert).not.toHaveTextContent('Request failed');
    expect(onChange).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: 'Preview the change' }));
    expect(
      await screen.findByRole('region', { name: 'Objects' }),
    ).toBeInTheDocument();
    expect(screen.queryByText('The change would be refused')).toBeNull();
    expect(previewGoldenPath).toHaveBeenCalledTimes(2);
    expect(onChange).toHaveBeenCalledWith(true);
  });

  it('reads the cron-job template\u2019s own fields', async () => {
    const { api } = await render({
      uiOptions: { goldenPath: 'cron-job' },
      form: {
        cluster: 'local',
        name: 'nightly',
        owner: 'group:default/team-checkout',
        namespace: 'checkout-dev',
        source: { buildpack: 'node', version: '0.1.0' },
        schedule: '0 3 * * *',
        command: ['node', 'report.js'],
        backoffLimit: 2,
        port: 9999,
      },
    });
    await waitFor(() =>
      expect(api.previewGoldenPath).toHaveBeenCalledWith('cron-job', {
        cluster: 'local',
        namespace: 'checkout-dev',
        spec: {
          name: 'nightly',
          owner: 'group:default/team-checkout',
          buildpack: 'node',
          version: '0.1.0',
          schedule: '0 3 * * *',
          command: ['node', 'report.js'],
          backoffLimit: 2,
        },
      }),
    );
  });

  it('asks for the name and environment before it previews', async () => {
    const { api } = await render({ form: { cluster: 'local', source: {} } });
    expect(
      await screen.findByText(
        'Fill in the name and the environment first to preview the change',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Preview the change' }),
    ).toBeDisabled();
    expect(api.previewGoldenPath).not.toHaveBeenCalled();
  });

  it('names the option to fix when the golden path is not one it previews', async () => {
    const { api } = await render({ uiOptions: { goldenPath: 'database' } });
    expect(
      await screen.findByText(
        'ui:options.goldenPath: "database" is not a golden path this field previews; set web-service, worker or cron-job',
      ),
    ).toBeInTheDocument();
    expect(api.previewGoldenPath).not.toHaveBeenCalled();
  });
});
