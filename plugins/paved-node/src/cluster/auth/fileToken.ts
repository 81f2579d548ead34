import { readFile, stat } from 'node:fs/promises';

/**
 * Reads tokens from files and reads a file again only when it changed, so a token the platform rotates on
 * disk (a projected service account token, a workload-identity token) is picked up without a restart.
 *
 * @public
 */
export class FileTokenReader {
  private readonly cache = new Map<
    string,
    { mtimeMs: number; size: number; token: string }
  >();

  /** The trimmed contents of `path`; throws when the file cannot be read or is empty. */
  async read(path: string): Promise<string> {
    const info = await stat(path);
    const cached = this.cache.get(path);
    if (
      cached &&
      cached.mtimeMs === info.mtimeMs &&
      cached.size === info.size
    ) {
      return cached.token;
    }
    const token = (await readFile(path, 'utf8')).trim();
    if (!token) throw new Error(`The token file ${path} is empty`);
    this.cache.set(path, { mtimeMs: info.mtimeMs, size: info.size, token });
    return token;
  }
}
