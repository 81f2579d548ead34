export { AgentRequestsPage } from './AgentRequestsPage';
