import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import yaml from 'yaml';

// each variant renders the template and runs actionlint, slower while the other suites run beside it
jest.setTimeout(60_000);

/**
 * The CI workflow every golden path generates (skeletons/common/.github/workflows/ci.yaml), rendered by the
 * scaffolder's own fetch:template as the templates call it, then checked with actionlint (built from its Go
 * module by tools/git/build-actionlint.sh, cached).
 */

const ROOT = path.resolve(__dirname, '../../../..');
const TEMPLATES = path.join(ROOT, 'examples/templates');

const STAGES = ['lint', 'test', 'buildImage', 'scan', 'deploy'] as const;
const all = Object.fromEntries(STAGES.map(s => [s, true]));
const none = Object.fromEntries(STAGES.map(s => [s, false]));

/** The golden paths' CI variants: each template, each buildpack, every stage on and every stage off. */
const VARIANTS: Array<[string, Record<string, unknown>]> = [
  ...['node', 'python', 'go'].flatMap(buildpack =>
    ['web-service', 'worker', 'cron-job'].map(
      goldenPath =>
        [
          `${goldenPath} (${buildpack}, every stage)`,
          { goldenPath, buildpack, ci: all },
        ] as [string, Record<string, unknown>],
    ),
  ),
  [
    'web-service (prebuilt image, every stage)',
    {
      goldenPath: 'web-service',
      image: 'registry.paved.local/orders-api:1.0.0',
      ci: all,
    },
  ],
  [
    'worker (node, no stage)',
    { goldenPath: 'worker', buildpack: 'node', ci: none },
  ],
  [
    'cron-job (go, only the build)',
    {
      goldenPath: 'cron-job',
      buildpack: 'go',
      ci: { ...none, buildImage: true },
    },
  ],
  ['database (every stage)', { goldenPath: 'database', ci: all }],
];

describe('the generated CI workflow', () => {
  let actionlint: string;
  const workspace = createMockDirectory();
  const config = new ConfigReader({});
  const fetchTemplate = createFetchTemplateAction({
    // the skeleton is a local folder beside the template: fetch:template copies it without reading a URL
    reader: mockServices.urlReader.mock(),
    integrations: ScmIntegrations.fromConfig(config),
  });

  beforeAll(() => {
    actionlint = execFileSync(
      'bash',
      [path.join(ROOT, 'tools/git/build-actionlint.sh'), 'print-bin'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    ).trim();
  }, 15 * 60_000);

  it.each(VARIANTS)('passes actionlint: %s', async (_label, variant) => {
    workspace.clear();
    const template = path.join(TEMPLATES, `${variant.goldenPath}.yaml`);
    const ctx = createMockActionContext({
      workspacePath: workspace.path,
      templateInfo: {
        entityRef: `template:default/${variant.goldenPath}`,
        baseUrl: pathToFileURL(template).toString(),
      },
      input: {
        url: './skeletons/common',
        values: {
          name: 'orders-api',
          owner: 'group:default/team-checkout',
          title: 'Golden path',
          componentType: 'service',
          namespace: 'checkout-dev',
          port: 8080,
          appSpec: 'goldenPath: x\n',
          ...variant,
        },
      },
    });
    await fetchTemplate.handler(ctx as any);
    const file = path.join(workspace.path, '.github/workflows/ci.yaml');
    const text = fs.readFileSync(file, 'utf8');
    // the stages chosen are the jobs generated
    const jobs = Object.keys(yaml.parse(text).jobs);
    expect(jobs).toContain('check');
    const ci = variant.ci as Record<string, boolean>;
    expect(jobs.includes('deploy')).toBe(ci.deploy);
    expect(jobs.includes('scan')).toBe(ci.scan);

    const lint = spawnSync(actionlint, ['-no-color', file], {
      encoding: 'utf8',
      cwd: workspace.path,
    });
    expect({ status: lint.status, output: lint.stdout + lint.stderr }).toEqual({
      status: 0,
      output: '',
    });
  });

  it('fails actionlint when the workflow is broken (the check can fail)', () => {
    const file = path.join(workspace.path, 'broken.yaml');
    fs.writeFileSync(
      file,
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: [missing]\n    steps:\n      - run: echo ${{ secrets }}\n',
    );
    const lint = spawnSync(actionlint, ['-no-color', file], {
      encoding: 'utf8',
    });
    expect(lint.status).not.toBe(0);
    expect(lint.stdout).toContain('missing');
  });
});
