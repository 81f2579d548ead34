export { TracesCard } from './TracesCard';
export { TraceWaterfall } from './TraceWaterfall';
