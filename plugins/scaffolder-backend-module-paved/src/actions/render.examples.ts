import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

/** Examples of `kubernetes:manifests:render` shown in the scaffolder's action list. */
export const renderExamples: TemplateExample[] = [
  {
    description:
      'Render a web service from the template form, then deploy what was rendered',
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'kubernetes:manifests:render',
          name: 'Render manifests',
          input: {
            goldenPath: 'web-service',
            namespace: 'checkout-dev',
            environment: 'dev',
            spec: {
              name: '${{ parameters.name }}',
              owner: '${{ parameters.owner }}',
              image: 'registry.paved.local/${{ parameters.name }}:1.0.0',
              env: {
                LOG_LEVEL: 'info',
                DATABASE_URL: 'secret/checkout-db/url',
              },
            },
          },
        },
        {
          id: 'deploy',
          action: 'kubernetes:apply',
          name: 'Deploy',
          input: {
            cluster: 'local',
            namespace: 'checkout-dev',
            paths: ['./manifests'],
          },
        },
      ],
    }),
  },
  {
    description:
      'Render a nightly job built with the go buildpack into ./deploy/jobs',
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'kubernetes:manifests:render',
          name: 'Render manifests',
          input: {
            goldenPath: 'cron-job',
            outputPath: './deploy/jobs',
            spec: {
              name: 'nightly-report',
              owner: 'group:default/team-checkout',
              buildpack: 'go',
              version: '3.2.0',
              schedule: '0 3 * * *',
              timeZone: 'Europe/Berlin',
              size: 'small',
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Render a PostgreSQL database with 20Gi of storage and nightly backups kept 14 days',
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'kubernetes:manifests:render',
          name: 'Render manifests',
          input: {
            goldenPath: 'database',
            namespace: 'checkout-dev',
            spec: {
              name: 'orders',
              owner: 'group:default/team-checkout',
              storage: '20Gi',
              backupSchedule: '0 2 * * *',
              backupRetentionDays: 14,
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Expert: render a web service and patch the Deployment with a sidecar and a JSON patch',
    example: yaml.stringify({
      steps: [
        {
          id: 'render',
          action: 'kubernetes:manifests:render',
          name: 'Render manifests',
          input: {
            goldenPath: 'web-service',
            spec: {
              name: 'checkout-api',
              owner: 'group:default/team-checkout',
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
                    {
                      op: 'replace',
                      path: '/spec/revisionHistoryLimit',
                      value: 10,
                    },
                  ],
                },
              ],
            },
          },
        },
      ],
    }),
  },
];
