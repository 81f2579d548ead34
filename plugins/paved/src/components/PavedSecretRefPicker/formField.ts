import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { PavedSecretRefPicker } from './PavedSecretRefPicker';
import { pavedSecretRefPickerValidation } from './validation';

/** The `PavedSecretRefPicker` form field for the new frontend system's scaffolder. */
export const pavedSecretRefPickerField = createFormField({
  name: 'PavedSecretRefPicker',
  component: PavedSecretRefPicker,
  validation: pavedSecretRefPickerValidation,
});
