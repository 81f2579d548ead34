import fs from 'node:fs';
import path from 'node:path';

/** Resident memory (VmRSS, KiB) of each replica whose pid file is in `pidsDir` (`replica-N.pid`). */
export function replicaRss(pidsDir: string): Record<string, number | null> {
  const result: Record<string, number | null> = {};
  let files: string[] = [];
  try {
    files = fs.readdirSync(pidsDir).filter(f => /^replica-\d+\.pid$/.test(f));
  } catch {
    return result;
  }
  for (const file of files.sort()) {
    const name = file.replace(/\.pid$/, '');
    const pid = fs.readFileSync(path.join(pidsDir, file), 'utf8').split(/\s+/)[0];
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      result[name] = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
    } catch {
      result[name] = null;
    }
  }
  return result;
}
