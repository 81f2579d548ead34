export {
  UnavailableClustersWarning,
  unavailableTitle,
} from './UnavailableClustersWarning';
