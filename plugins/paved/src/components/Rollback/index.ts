export { RollbackDialog } from './RollbackDialog';
export { RollbackResultAlert } from './RollbackResultAlert';
export { useComponentId } from './useComponentId';
