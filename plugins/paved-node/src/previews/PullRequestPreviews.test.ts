import { ConfigReader } from '@backstage/config';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { ApplyEngine } from '../apply/ApplyEngine';
import { ClusterRegistry } from '../cluster/ClusterRegistry';
import { EnvironmentService } from '../environments/EnvironmentService';
import { readEnvironmentSettings } from '../environments/settings';
import { GiteaClient } from '../git/GiteaClient';
import { PullRequestPreviews } from './PullRequestPreviews';
import { readPreviewSettings } from './settings';

const PR_URL = 'http://git.local/team-checkout/orders-api/pulls/7';
const spec = [
  'goldenPath: web-service',
  'spec:',
  '  name: orders-api',
  '  owner: group:default/team-checkout',
  '  image: registry.paved.local/orders-api:1.1.0',
  '  port: 8080',
].join('\n');

/**
 * A second delivery of the same pull request handled on another replica at the same moment: this one's create
 * finds the namespace made by the other (a ConflictError) and brings that preview in line instead of failing.
 */
describe('PullRequestPreviews when another replica makes the preview first', () => {
  it('syncs the preview the other replica made instead of failing', async () => {
    let made = false;
    const namespace = {
      metadata: {
        name: 'checkout-pr-7',
        annotations: { 'paved.dev/pull-request': PR_URL },
      },
    };
    const request = jest.fn(async ({ path }: { path: string }) => {
      if (path === '/api/v1/namespaces/checkout-pr-7') {
        if (made) return namespace;
        throw new NotFoundError('namespace not found');
      }
      if (path.startsWith('/api/v1/namespaces/')) {
        throw new NotFoundError('namespace not found');
      }
      if (path === '/api/v1/namespaces') return { items: [] };
      if (path === '/apis/apps/v1/namespaces/checkout-pr-7/deployments') {
        return {
          items: [
            {
              metadata: {
                name: 'orders-api',
                namespace: 'checkout-pr-7',
                labels: { 'backstage.io/kubernetes-id': 'orders-api' },
              },
              spec: {
                template: {
                  spec: {
                    containers: [
                      {
                        name: 'orders-api',
                        image: 'registry.paved.local/orders-api:1.1.0',
                      },
                    ],
                  },
                },
              },
            },
          ],
        };
      }
      return { items: [] };
    });
    const clusters = {
      list: () => [{ name: 'local' }],
      client: async () => ({ request }),
    } as unknown as ClusterRegistry;
    const environments = {
      settings: readEnvironmentSettings(new ConfigReader({})),
      planClone: jest.fn(async () => {
        made = true;
        throw new ConflictError(
          'Namespace checkout-pr-7 already exists; choose another target environment name',
        );
      }),
    } as unknown as EnvironmentService;
    const comment = jest.fn(async () => {});
    const git = {
      getPullRequest: async () => ({
        number: 7,
        url: PR_URL,
        state: 'open',
        merged: false,
        headSha: 'a'.repeat(40),
        title: 'Run 1.1.0',
      }),
      readFile: async () => spec,
      comment,
    } as unknown as GiteaClient;
    const previews = new PullRequestPreviews({
      environments,
      clusters,
      engine: {} as ApplyEngine,
      git,
      settings: readPreviewSettings(new ConfigReader({})),
      prices: new Map(),
      appBaseUrl: 'http://localhost:3000',
    });
    const lines: string[] = [];
    const outcome = await previews.sync(
      { organization: 'team-checkout', repository: 'orders-api', number: 7 },
      { log: line => lines.push(line) },
    );
    // the other replica's preview already runs the pull request's image
    expect(outcome).toMatchObject({
      action: 'unchanged',
      namespace: 'checkout-pr-7',
      image: 'registry.paved.local/orders-api:1.1.0',
    });
    expect(environments.planClone).toHaveBeenCalledTimes(1);
    expect(lines).toContain(
      'The preview was made meanwhile: Namespace checkout-pr-7 already exists; choose another target environment name',
    );
    expect(comment).not.toHaveBeenCalled();
  });
});
