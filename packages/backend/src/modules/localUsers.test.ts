import { ConfigReader } from '@backstage/config';
import { localSignInEnabled } from './localUsers';

const withLocalUsers = (localUsers: object, environment?: string) =>
  new ConfigReader({
    auth: {
      ...(environment ? { environment } : {}),
      providers: { localUsers: { allowedUsers: ['bob'], ...localUsers } },
    },
  });

describe('localSignInEnabled', () => {
  it('is off unless explicitly enabled', () => {
    expect(localSignInEnabled(withLocalUsers({}), 'development')).toBe(false);
    expect(
      localSignInEnabled(withLocalUsers({ enabled: false }), 'development'),
    ).toBe(false);
    expect(localSignInEnabled(new ConfigReader({}), 'development')).toBe(false);
  });

  it('is on when enabled in the development auth environment', () => {
    expect(
      localSignInEnabled(withLocalUsers({ enabled: true }), 'development'),
    ).toBe(true);
  });

  it('is off in the production auth environment', () => {
    expect(
      localSignInEnabled(
        withLocalUsers({ enabled: true }, 'production'),
        'development',
      ),
    ).toBe(false);
  });

  it('refuses to start with NODE_ENV=production', () => {
    expect(() =>
      localSignInEnabled(withLocalUsers({ enabled: true }), 'production'),
    ).toThrow(
      'auth.providers.localUsers.enabled is true, but this backend runs with NODE_ENV=production',
    );
  });
});
