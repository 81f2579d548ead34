export {
  EntityEnvironmentsCard,
  EntityWorkloadsCard,
  EntityLogsCard,
} from './EntityCards';
