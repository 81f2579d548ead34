import { screen, waitFor } from '@testing-library/react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { GitTargetView } from '@paved/plugin-paved-common';
import { PavedApi, pavedApiRef } from '../../api/PavedApi';
import { PavedGitTarget } from './PavedGitTarget';

type Props = FieldExtensionComponentProps<string | undefined>;

async function render(getGitTarget: jest.Mock, form: Record<string, unknown>) {
  const api = { getGitTarget } as unknown as PavedApi;
  const props = {
    formData: undefined,
    onChange: jest.fn(),
    uiSchema: {},
    schema: { title: 'Repository', type: 'string' },
    formContext: { formData: form },
    idSchema: { $id: 'root_repository' },
    rawErrors: [],
    required: false,
    disabled: false,
  } as unknown as Props;
  await renderInTestApp(
    <TestApiProvider apis={[[pavedApiRef, api]]}>
      <PavedGitTarget {...props} />
    </TestApiProvider>,
  );
}

describe('PavedGitTarget', () => {
  it('names the team’s repository the form’s owner and name give', async () => {
    const target: GitTargetView = {
      mode: 'git',
      hostUrl: 'http://127.0.0.1:13300',
      repositoryUrl: 'http://127.0.0.1:13300/team-checkout/orders-api',
    };
    const getGitTarget = jest.fn().mockResolvedValue(target);
    await render(getGitTarget, {
      name: 'orders-api',
      owner: 'group:default/team-checkout',
    });
    expect(
      await screen.findByText('Published to the git host'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', {
        name: 'http://127.0.0.1:13300/team-checkout/orders-api',
      }),
    ).toHaveAttribute('href', target.repositoryUrl);
    await waitFor(() =>
      expect(getGitTarget).toHaveBeenLastCalledWith({
        owner: 'group:default/team-checkout',
        name: 'orders-api',
      }),
    );
  });

  it('says the component is registered locally, and why, without a git host', async () => {
    await render(
      jest.fn().mockResolvedValue({
        mode: 'local',
        reason: 'no git host is configured (paved.git.host)',
      }),
      { name: 'orders-api' },
    );
    expect(
      await screen.findByText('Registered from the local catalog'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/no git host is configured \(paved\.git\.host\)/),
    ).toBeInTheDocument();
  });

  it('says when the target could not be read', async () => {
    await render(jest.fn().mockRejectedValue(new Error('HTTP 503')), {});
    expect(
      await screen.findByText('Where the code goes could not be read'),
    ).toBeInTheDocument();
  });
});
