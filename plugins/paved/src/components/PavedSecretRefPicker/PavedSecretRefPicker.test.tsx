import { fireEvent, screen, waitFor } from '@testing-library/react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { createFieldValidation } from '@backstage/plugin-scaffolder-react/alpha';
import { PavedApi, pavedApiRef } from '../../api/PavedApi';
import { devSecrets } from '../SecretsCard/__fixtures__/secrets';
import { PavedSecretRefPicker } from './PavedSecretRefPicker';
import { PavedSecretRefPickerUiOptions } from './secretRefs';
import { pavedSecretRefPickerValidation } from './validation';

type Props = FieldExtensionComponentProps<
  string,
  PavedSecretRefPickerUiOptions
>;

/** Renders the field and waits for the first render's effects, before any query (no overlapping act scopes). */
async function render(options: {
  formData?: string;
  form?: Record<string, unknown>;
  uiOptions?: PavedSecretRefPickerUiOptions;
  api?: Partial<PavedApi>;
  onChange?: jest.Mock;
}) {
  const getEnvironmentSecrets = jest.fn().mockResolvedValue(devSecrets);
  const props = {
    formData: options.formData,
    onChange: options.onChange ?? jest.fn(),
    uiSchema: { 'ui:options': options.uiOptions ?? {} },
    schema: { title: 'Queue URL from', type: 'string' },
    formContext: {
      formData: options.form ?? { cluster: 'local', namespace: 'checkout-dev' },
    },
    idSchema: { $id: 'root_urlFrom' },
    rawErrors: [],
    required: true,
    disabled: false,
  } as unknown as Props;
  const api = { getEnvironmentSecrets, ...options.api };
  return {
    api,
    rendered: await renderInTestApp(
      <TestApiProvider apis={[[pavedApiRef, api]]}>
        <PavedSecretRefPicker {...props} />
      </TestApiProvider>,
    ),
  };
}

describe('PavedSecretRefPicker', () => {
  it('offers every existing key of the form\u2019s environment, and no missing one', async () => {
    const onChange = jest.fn();
    const { api } = await render({ onChange });
    await waitFor(() =>
      expect(api.getEnvironmentSecrets).toHaveBeenCalledWith(
        'local',
        'checkout-dev',
      ),
    );
    const input = screen.getByLabelText(/Queue URL from/);
    fireEvent.mouseDown(input);
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    const options = (await screen.findAllByRole('option')).map(
      o => o.textContent,
    );
    expect(options).toEqual([
      'secret/checkout-db/password',
      'secret/checkout-token/token',
    ]);
    fireEvent.click(screen.getByText('secret/checkout-token/token'));
    expect(onChange).toHaveBeenLastCalledWith('secret/checkout-token/token');
  });

  it('reads the environment from the fields the options name', async () => {
    const { api } = await render({
      formData: 'secret/checkout-db/url',
      form: { target: 'checkout-staging', where: 'edge' },
      uiOptions: { clusterField: 'where', namespaceField: 'target' },
      api: {
        getEnvironmentSecrets: jest.fn().mockResolvedValue({
          ...devSecrets,
          cluster: 'edge',
          namespace: 'checkout-staging',
        }),
      },
    });
    expect(
      await screen.findByText(
        /checkout-db\/url is not set in checkout-staging yet/,
      ),
    ).toBeInTheDocument();
    expect(api.getEnvironmentSecrets).toHaveBeenCalledWith(
      'edge',
      'checkout-staging',
    );
  });

  it('warns when the key is not set in the environment yet', async () => {
    await render({ formData: 'secret/checkout-db/url' });
    expect(
      await screen.findByText(
        'checkout-db/url is not set in checkout-dev yet — set it on the Secrets card first, or the deploy will stop at its dry run',
      ),
    ).toBeInTheDocument();
  });

  it('says how to write a malformed reference, and accepts a variable only where allowed', async () => {
    await render({ formData: 'secret/checkout-db' });
    expect(
      await screen.findByText(/Write secret\/<secret-name>\/<key>/),
    ).toBeInTheDocument();

    const refused = createFieldValidation();
    pavedSecretRefPickerValidation('QUEUE_URL', refused, {
      uiSchema: {},
    } as any);
    expect(refused.__errors).toHaveLength(1);
    const accepted = createFieldValidation();
    pavedSecretRefPickerValidation('QUEUE_URL', accepted, {
      uiSchema: { 'ui:options': { allowVariable: true } },
    } as any);
    expect(accepted.__errors).toHaveLength(0);
  });

  it('asks for the environment before it lists anything', async () => {
    const { api } = await render({ form: {} });
    expect(
      await screen.findByText(
        'Choose the environment first to see its secret keys',
      ),
    ).toBeInTheDocument();
    expect(api.getEnvironmentSecrets).not.toHaveBeenCalled();
  });
});
