import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { deployStep, renderStep, templateExample } from './templateExample';

const owner = 'group:default/team-checkout';

/** Examples of `kubernetes:manifests:render` shown in the scaffolder's action list. */
export const renderExamples: TemplateExample[] = [
  templateExample(
    'Render a web service from the template form, then deploy what was rendered',
    renderStep({
      goldenPath: 'web-service',
      namespace: 'checkout-dev',
      environment: 'dev',
      spec: {
        name: '${{ parameters.name }}',
        owner: '${{ parameters.owner }}',
        image: 'registry.paved.local/${{ parameters.name }}:1.0.0',
        env: { LOG_LEVEL: 'info', DATABASE_URL: 'secret/checkout-db/url' },
      },
    }),
    deployStep,
  ),
  templateExample(
    'Render a nightly job built with the go buildpack into ./deploy/jobs',
    renderStep({
      goldenPath: 'cron-job',
      outputPath: './deploy/jobs',
      spec: {
        name: 'nightly-report',
        owner,
        buildpack: 'go',
        version: '3.2.0',
        schedule: '0 3 * * *',
        timeZone: 'Europe/Berlin',
        size: 'small',
      },
    }),
  ),
  templateExample(
    'Render a PostgreSQL database with 20Gi of storage and nightly backups kept 14 days',
    renderStep({
      goldenPath: 'database',
      namespace: 'checkout-dev',
      spec: {
        name: 'orders',
        owner,
        storage: '20Gi',
        backupSchedule: '0 2 * * *',
        backupRetentionDays: 14,
      },
    }),
  ),
  templateExample(
    'Expert: render a web service and patch the Deployment with a sidecar and a JSON patch',
    renderStep({
      goldenPath: 'web-service',
      spec: {
        name: 'checkout-api',
        owner,
        image: 'registry.paved.local/checkout-api:1.4.2',
        patches: [
          {
            target: { kind: 'Deployment', name: 'checkout-api' },
            type: 'strategic',
            patch: {
              spec: {
                template: {
                  spec: {
                    containers: [
                      {
                        name: 'checkout-api',
                        env: [{ name: 'LOG_LEVEL', value: 'debug' }],
                      },
                    ],
                  },
                },
              },
            },
          },
          {
            target: { kind: 'Deployment' },
            type: 'json',
            patch: [
              { op: 'replace', path: '/spec/revisionHistoryLimit', value: 10 },
            ],
          },
        ],
      },
    }),
  ),
];
