export { PavedSecretRefPicker } from './PavedSecretRefPicker';
export { pavedSecretRefPickerValidation } from './validation';
export type { PavedSecretRefPickerUiOptions } from './secretRefs';
