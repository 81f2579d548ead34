import { RevisionPlace } from '../api/PavedApi';
import { usePavedApi } from './usePavedApi';

/**
 * One revision with its objects and the diff its dry run showed; nothing is asked while `revision` is
 * unknown (`value` stays undefined).
 */
export const useRevision = (revision?: RevisionPlace) =>
  usePavedApi(
    async api => (revision ? api.getRevision(revision) : undefined),
    [revision?.cluster, revision?.namespace, revision?.revision],
  );
