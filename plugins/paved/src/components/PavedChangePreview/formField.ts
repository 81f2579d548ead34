import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { PavedChangePreview } from './PavedChangePreview';

/** The `PavedChangePreview` form field for the new frontend system's scaffolder. */
export const pavedChangePreviewField = createFormField({
  name: 'PavedChangePreview',
  component: PavedChangePreview,
});
