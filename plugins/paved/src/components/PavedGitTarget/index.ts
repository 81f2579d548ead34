export { PavedGitTarget } from './PavedGitTarget';
