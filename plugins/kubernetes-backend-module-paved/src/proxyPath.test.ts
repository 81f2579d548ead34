import { parseProxyRead, touchesSecrets } from './proxyPath';

describe('parseProxyRead', () => {
  it('accepts namespaced reads and pod logs, rebuilding the path and keeping known query parameters', () => {
    expect(
      parseProxyRead('/api/v1/namespaces/checkout-dev/pods/api-1/log', {
        container: 'app',
        tailLines: '100',
        follow: 'true',
        dryRun: 'All',
      }),
    ).toEqual({
      path: '/api/v1/namespaces/checkout-dev/pods/api-1/log',
      namespace: 'checkout-dev',
      isLog: true,
      query: { container: 'app', tailLines: '100' },
    });
    expect(
      parseProxyRead('/apis/apps/v1/namespaces/checkout-dev/deployments', {}),
    ).toMatchObject({
      path: '/apis/apps/v1/namespaces/checkout-dev/deployments',
      isLog: false,
    });
  });

  it.each([
    ['/api/v1/namespaces/checkout-dev/secrets', 'reading secrets'],
    ['/api/v1/namespaces/checkout-dev/secrets/db', 'reading secrets'],
    ['/api/v1/pods', 'names no namespace'],
    ['/openapi/v2', 'not a namespaced API path'],
    ['/api/v1/namespaces', 'names no namespace'],
    ['/api/v1/nodes/n1', 'names no namespace'],
    [
      '/apis/rbac.authorization.k8s.io/v1/namespaces/x/rolebindings',
      'reading rolebindings',
    ],
    ['/api/v1/namespaces/checkout-dev/pods/api-1/exec', 'subresource'],
    ['/api/v1/namespaces/checkout-dev/pods/api-1/log/extra', 'subresource'],
    ['/api/v1/namespaces/checkout-dev/../search-dev/pods', 'relative'],
    ['/api/v1/namespaces/checkout-dev%2F..%2Fsearch-dev/pods', 'relative'],
    ['/api/v1/namespaces/Checkout-Dev/pods', 'not a Kubernetes name'],
    ['/api/v1/namespaces/checkout-dev%00/pods', 'not a Kubernetes name'],
    ['/api/v1/namespaces/checkout.dev/pods', 'not a Kubernetes name'],
    ['/api/v1/namespaces/checkout-dev/pods/api..1', 'not a Kubernetes name'],
    ['/api/v1/namespaces/%E0%A4%A/pods', 'not valid URL encoding'],
  ])('refuses %s (%s)', (path, why) => {
    expect(() => parseProxyRead(path, {})).toThrow(why);
    expect(() => parseProxyRead(path, {})).toThrow(
      /serves non-admins only reads of their own team's environments/,
    );
  });
});

describe('touchesSecrets', () => {
  it.each([
    '/api/v1/secrets',
    '/api/v1/namespaces/checkout-dev/secrets',
    '/api/v1/namespaces/checkout-dev/secrets/db',
    '/api/v1/watch/namespaces/checkout-dev/secrets',
    '/api/v1//namespaces/checkout-dev//secrets',
    '/api/v1/namespaces/checkout-dev/secr%65ts/db',
    '/api/v1/namespaces/checkout-dev/secrets%2Fdb',
    '/api/v1/namespaces/x/%E0%A4%A',
  ])('refuses %s', path => {
    expect(touchesSecrets(path)).toBe(true);
  });

  it.each([
    '/api/v1/namespaces/checkout-dev/pods',
    '/api/v1/namespaces/secrets/pods',
    '/apis/apps/v1/namespaces/checkout-dev/deployments',
    '/api/v1/namespaces/checkout-dev/configmaps/secrets',
  ])('lets %s through', path => {
    expect(touchesSecrets(path)).toBe(false);
  });
});
