export { PavedChangePreview } from './PavedChangePreview';
export type { PavedChangePreviewUiOptions } from './formSpec';
