import { render } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('starts on the sign-in page, offering the guest sign-in', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };

    const rendered = render(App.createRoot());

    expect(
      await rendered.findByRole(
        'button',
        { name: 'Enter' },
        { timeout: 50_000 },
      ),
    ).toBeInTheDocument();
    expect(rendered.getByText('Guest')).toBeInTheDocument();
    expect(rendered.getByText('Test')).toBeInTheDocument();
  }, 60_000);
});
