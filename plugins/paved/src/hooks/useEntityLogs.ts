import { useEffect, useMemo, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  EntityLogLine,
  LogQuery,
  LogSourceChange,
  pavedApiRef,
} from '../api/PavedApi';

/** Most lines kept in the browser while following. */
const MAX_LINES = 2000;

/** What the reader is told about one container whose stream failed, or undefined once it is followed again. */
function sourceNotice(change: LogSourceChange): string | undefined {
  const { pod, container, environment } = change.source;
  const name = `${pod}/${container} (${environment})`;
  switch (change.state) {
    case 'retrying':
      return `Not following ${name} right now: ${change.message}. Trying again in ${change.retryInSeconds} s; the other containers go on.`;
    case 'stopped':
      return `Stopped following ${name}: ${change.message}. The other containers go on.`;
    default:
      return undefined;
  }
}

/**
 * The last lines of the entity's logs, and — while `follow` is on — every new line as it is written; with
 * the backend's notice when only some of the entity's containers are read, and while following a notice
 * per container whose stream failed. `since` and `until` bound the first read only: a follow streams the
 * lines written from now on.
 */
export function useEntityLogs(query: LogQuery, follow: boolean) {
  const { entity } = useEntity();
  const api = useApi(pavedApiRef);
  const ref = getCompoundEntityRef(entity);
  const key = JSON.stringify([ref, query]);
  const initial = useAsyncRetry(
    async () => api.getLogs(ref, query),
    [api, key],
  );
  const [followed, setFollowed] = useState<EntityLogLine[]>([]);
  const [followError, setFollowError] = useState<Error>();
  // per container (`pod/container` on its cluster), why its stream is not followed right now
  const [sourceNotices, setSourceNotices] = useState<Record<string, string>>(
    {},
  );

  useEffect(() => {
    setFollowed([]);
    setFollowError(undefined);
    setSourceNotices({});
    if (!follow) return undefined;
    const controller = new AbortController();
    const { since: _since, until: _until, ...filters } = query;
    api
      .followLogs(
        ref,
        filters,
        line => setFollowed(lines => [...lines, line].slice(-MAX_LINES)),
        controller.signal,
        change => {
          const { cluster, namespace, pod, container } = change.source;
          const id = `${cluster}/${namespace}/${pod}/${container}`;
          const text = sourceNotice(change);
          setSourceNotices(({ [id]: _old, ...others }) =>
            text === undefined ? others : { ...others, [id]: text },
          );
        },
      )
      .catch(error => setFollowError(error));
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key, follow]);

  // the same array (and line objects) until the lines change, so that what is derived from them is kept
  const lines = useMemo(
    () => [...(initial.value?.lines ?? []), ...followed].slice(-MAX_LINES),
    [initial.value, followed],
  );

  return {
    loading: initial.loading,
    error: initial.error ?? followError,
    lines,
    /** Lines the first answer had (without followed ones): fewer than asked means there are no older ones. */
    initialCount: initial.value?.lines.length ?? 0,
    notice: initial.value?.notice,
    /** While following: the containers whose streams failed, each in a sentence; the others go on. */
    followNotices: Object.values(sourceNotices),
    /** Clusters whose containers could not be read. */
    unavailableClusters: initial.value?.unavailableClusters,
    retry: initial.retry,
  };
}
