import fs from 'node:fs';
import path from 'node:path';

const BACKEND_DIR = path.resolve(__dirname, '../../backend');

/**
 * The plugin ids of every backend plugin installed in the app's backend: its dependencies whose package.json
 * says `backstage.role: backend-plugin`. Adding a plugin to the backend adds it here, with no list to edit.
 */
export function installedBackendPluginIds(): string[] {
  const { dependencies } = JSON.parse(
    fs.readFileSync(path.join(BACKEND_DIR, 'package.json'), 'utf8'),
  ) as { dependencies: Record<string, string> };
  const ids = new Set<string>();
  for (const name of Object.keys(dependencies)) {
    let manifest: { backstage?: { role?: string; pluginId?: string } };
    try {
      manifest = require(require.resolve(`${name}/package.json`, {
        paths: [BACKEND_DIR],
      }));
    } catch {
      continue; // a package without an exported package.json is no backend plugin
    }
    if (
      manifest.backstage?.role === 'backend-plugin' &&
      manifest.backstage.pluginId
    ) {
      ids.add(manifest.backstage.pluginId);
    }
  }
  return [...ids].sort();
}
