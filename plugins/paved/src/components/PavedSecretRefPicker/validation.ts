import { CustomFieldValidator } from '@backstage/plugin-scaffolder-react';
import { PavedSecretRefPickerUiOptions, secretRefProblem } from './secretRefs';

/**
 * Refuses a malformed secret reference when the form step is submitted. A well-formed reference to a key
 * that does not exist yet passes: the field warns, and the deploy's dry run names it.
 *
 * @public
 */
export const pavedSecretRefPickerValidation: CustomFieldValidator<
  string,
  PavedSecretRefPickerUiOptions
> = (value, validation, context) => {
  const problem = secretRefProblem(
    value ?? '',
    context.uiSchema?.['ui:options']?.allowVariable,
  );
  if (problem) validation.addError(problem);
};
