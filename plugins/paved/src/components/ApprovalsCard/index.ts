export { ApprovalsCard, TeamApprovalsCard } from './ApprovalsCard';
