// Checks an app after Paved's install: every @paved package came from its packed tarball (no workspace
// link, not private), no @paved package carries a private copy of a @backstage package, and every
// @backstage package a Paved package resolves satisfies the range that package declares.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import semver from 'semver';

const [appDir, tarballDir] = process.argv.slice(2);
const packed = JSON.parse(
  fs.readFileSync(path.join(tarballDir, 'index.json'), 'utf8'),
);
const problems = [];

/** Every directory that holds an installed @paved package, hoisted or nested anywhere. */
function pavedInstalls(dir, depth = 0, found = []) {
  const modules = path.join(dir, 'node_modules');
  if (!fs.existsSync(modules) || depth > 6) return found;
  for (const entry of fs.readdirSync(modules)) {
    if (entry === '.bin' || entry.startsWith('.')) continue;
    const names = entry.startsWith('@')
      ? fs.readdirSync(path.join(modules, entry)).map(n => `${entry}/${n}`)
      : [entry];
    for (const name of names) {
      const at = path.join(modules, name);
      if (name.startsWith('@paved/')) found.push(at);
      if (!fs.lstatSync(at).isSymbolicLink())
        pavedInstalls(at, depth + 1, found);
    }
  }
  return found;
}

const roots = [
  appDir,
  ...['packages', 'plugins'].flatMap(d => {
    const at = path.join(appDir, d);
    return fs.existsSync(at)
      ? fs.readdirSync(at).map(n => path.join(at, n))
      : [];
  }),
];
const installs = roots.flatMap(r => pavedInstalls(r));
const seen = new Set();
for (const at of installs) {
  const rel = path.relative(appDir, at);
  if (fs.lstatSync(at).isSymbolicLink())
    problems.push(
      `${rel} is a link (${fs.readlinkSync(at)}), not an installed package`,
    );
  const pkg = JSON.parse(
    fs.readFileSync(path.join(at, 'package.json'), 'utf8'),
  );
  seen.add(pkg.name);
  if (pkg.private) problems.push(`${rel}/package.json is private`);
  if (!packed[pkg.name] || packed[pkg.name].version !== pkg.version) {
    problems.push(
      `${rel} is ${pkg.name}@${pkg.version}, not the packed ${
        packed[pkg.name]?.version ?? '(unknown package)'
      }`,
    );
  }
  const nested = path.join(at, 'node_modules', '@backstage');
  if (fs.existsSync(nested)) {
    problems.push(
      `${rel} has private copies of ${fs
        .readdirSync(nested)
        .map(n => `@backstage/${n}`)
        .join(', ')}`,
    );
  }
  // the @backstage packages this Paved package resolves satisfy its declared ranges
  const require = createRequire(path.join(at, 'package.json'));
  for (const [dep, range] of Object.entries({
    ...pkg.dependencies,
    ...pkg.peerDependencies,
  })) {
    if (!dep.startsWith('@backstage/')) continue;
    let version;
    try {
      version = require(`${dep}/package.json`).version;
    } catch {
      if (pkg.peerDependenciesMeta?.[dep]?.optional) continue;
      problems.push(
        `${pkg.name} needs ${dep}, which does not resolve from ${rel}`,
      );
      continue;
    }
    if (!semver.satisfies(version, range)) {
      problems.push(
        `${pkg.name} declares ${dep}@${range} but resolves ${version}`,
      );
    }
  }
}
for (const name of Object.keys(packed)) {
  if (!seen.has(name)) problems.push(`${name} is not installed in the app`);
}
if (problems.length) {
  console.error(`install check failed:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `install check: ${installs.length} installed @paved packages, all from their tarballs, no private @backstage copies`,
);
