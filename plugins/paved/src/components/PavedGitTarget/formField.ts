import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { PavedGitTarget } from './PavedGitTarget';

/** The `PavedGitTarget` form field for the new frontend system's scaffolder. */
export const pavedGitTargetField = createFormField({
  name: 'PavedGitTarget',
  component: PavedGitTarget,
});
