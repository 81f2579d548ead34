// Edits a pristine create-app app for the install proof. Subcommands:
//   key <resolution> <frontend>          cache key of a pristine app (changes when its recipe changes)
//   create-app-deps <package.json>       the create-app CLI's own dependencies, as this machine's registry has them
//   machine <appDir> <resolution>        what this machine needs before any install (not Paved's concern)
//   paved <appDir> <frontend> <tarballs> Paved's install: the READMEs' steps, the tarballs standing in for the registry
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { applyBlocks, installBlocks } from './readmeSteps.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const versions = JSON.parse(
  fs.readFileSync(path.join(here, 'versions.json'), 'utf8'),
);

/** The README order an admin follows: backend first, then its modules, then the frontend. */
export const PAVED_PACKAGES = [
  'paved-common',
  'paved-node',
  'paved-backend',
  'catalog-backend-module-paved',
  'scaffolder-backend-module-paved',
  'permission-backend-module-paved',
  'kubernetes-backend-module-paved',
  'paved',
];

const readJson = file => JSON.parse(fs.readFileSync(file, 'utf8'));
const writeJson = (file, value) =>
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

function key(resolution, frontend) {
  const recipe = JSON.stringify({
    createApp: versions.createApp,
    machine: versions.machine,
    cutoff: resolution === 'pinned' ? versions.pinnedReleaseCutoff : undefined,
    resolution,
    frontend,
    // the machine's recipe: the code between the two markers below (the marker is split so it matches only them)
    recipe: fs
      .readFileSync(fileURLToPath(import.meta.url), 'utf8')
      .split(`// -- ${'machine'} --`)[1],
  });
  return crypto.createHash('sha256').update(recipe).digest('hex').slice(0, 10);
}

// -- machine --
/** Days between the pinned release's cutoff and now: Yarn then resolves as it would have on that day. */
function ageGateDays() {
  const cutoff = Date.parse(`${versions.pinnedReleaseCutoff}T00:00:00Z`);
  return Math.ceil((Date.now() - cutoff) / 86_400_000);
}

function machine(appDir, resolution) {
  const pkgFile = path.join(appDir, 'package.json');
  const pkg = readJson(pkgFile);
  // today's resolution needs the mirror's gaps pinned; the release day's versions all predate them
  if (resolution === 'fresh') {
    pkg.resolutions = { ...pkg.resolutions, ...versions.machine.resolutions };
    writeJson(pkgFile, pkg);
  }
  // native addons build against the cached Node's headers (Yarn ignores ~/.npmrc)
  if (process.env.npm_config_nodedir) {
    fs.writeFileSync(
      path.join(appDir, '.env.yarn'),
      `npm_config_nodedir=${process.env.npm_config_nodedir}\n`,
    );
  }
  const rcFile = path.join(appDir, '.yarnrc.yml');
  const rc = YAML.parse(fs.readFileSync(rcFile, 'utf8')) ?? {};
  if (resolution === 'pinned') {
    // every package, Backstage's too, as it was on the release's day
    rc.npmMinimalAgeGate = `${ageGateDays()}d`;
    delete rc.npmPreapprovedPackages;
  }
  rc.enableTelemetry = false;
  fs.writeFileSync(rcFile, YAML.stringify(rc));
}
// -- machine --

function createAppDeps(file) {
  const pkg = readJson(file);
  Object.assign(pkg.dependencies, versions.machine.createAppDependencies);
  delete pkg.devDependencies;
  delete pkg.scripts;
  writeJson(file, pkg);
}

/** name → { version, file } of each packed Paved package (written by run.sh when it packs them). */
function tarballs(dir) {
  return readJson(path.join(dir, 'index.json'));
}

/**
 * A pinned app was resolved as on its release's day; Paved is installed into it today, so Yarn's settings go
 * back to the ones create-app wrote (the app's lockfile keeps its own versions).
 */
function todaysYarnSettings(appDir) {
  const template = YAML.parse(
    execFileSync('git', ['-C', appDir, 'show', 'pristine~1:.yarnrc.yml'], {
      encoding: 'utf8',
    }),
  );
  const rcFile = path.join(appDir, '.yarnrc.yml');
  const rc = YAML.parse(fs.readFileSync(rcFile, 'utf8'));
  delete rc.npmMinimalAgeGate;
  delete rc.npmPreapprovedPackages;
  fs.writeFileSync(
    rcFile,
    YAML.stringify({ ...rc, ...template, enableTelemetry: false }),
  );
}

function paved(appDir, frontend, tarballDir) {
  todaysYarnSettings(appDir);
  const packed = tarballs(tarballDir);
  const pkgFile = path.join(appDir, 'package.json');
  const pkg = readJson(pkgFile);
  // the tarballs stand in for the registry: every @paved name, transitive ones too, resolves to its file
  for (const [name, { file }] of Object.entries(packed))
    pkg.resolutions[name] = `file:${file}`;
  writeJson(pkgFile, pkg);

  const added = {};
  const after = new Set();
  for (const dir of PAVED_PACKAGES) {
    const readme = path.join(root, 'plugins', dir, 'README.md');
    const blocks = installBlocks(
      fs.readFileSync(readme, 'utf8'),
      path.relative(root, readme),
    );
    const steps = applyBlocks(appDir, blocks, frontend);
    for (const [workspace, names] of Object.entries(steps.added)) {
      added[workspace] ??= new Set();
      names.forEach(n => added[workspace].add(n));
    }
    steps.after.forEach(command => after.add(command));
  }
  // the commands the READMEs run after adding the packages, each once, run by run.sh after the install
  fs.writeFileSync(
    path.join(appDir, '.proof-after-install.sh'),
    [...after].join('\n') + '\n',
  );
  for (const [workspace, names] of Object.entries(added)) {
    const file = path.join(appDir, workspace, 'package.json');
    const wpkg = readJson(file);
    for (const name of names) {
      if (!packed[name])
        throw new Error(
          `a README adds ${name}, which is not one of Paved's packages`,
        );
      wpkg.dependencies[name] = `^${packed[name].version}`;
    }
    writeJson(file, wpkg);
    console.log(`${workspace}: added ${[...names].join(', ')}`);
  }
  fs.writeFileSync(
    path.join(appDir, 'app-config.proof.yaml'),
    YAML.stringify(localConfig()),
  );
}

/** The admin's own part: where the app listens, who signs in, and the catalog's entities. */
function localConfig() {
  const port = Number(process.env.PAVED_PROOF_PORT ?? 7107);
  const file = rel => ({ type: 'file', target: path.join(root, rel) });
  const templates = fs
    .readdirSync(path.join(root, 'examples/templates'))
    .filter(f => f.endsWith('.yaml'))
    .map(f => ({
      ...file(`examples/templates/${f}`),
      rules: [{ allow: ['Template'] }],
    }));
  return {
    app: { baseUrl: `http://localhost:${port}` },
    backend: {
      baseUrl: `http://localhost:${port}`,
      listen: { host: '127.0.0.1', port },
      cors: { origin: `http://localhost:${port}` },
    },
    auth: {
      providers: {
        guest: {
          userEntityRef: 'user:default/alice',
          dangerouslyAllowOutsideDevelopment: true,
        },
      },
    },
    catalog: {
      rules: [
        {
          allow: [
            'Component',
            'System',
            'API',
            'Resource',
            'Location',
            'Domain',
          ],
        },
      ],
      locations: [
        { ...file('examples/org.yaml'), rules: [{ allow: ['User', 'Group'] }] },
        file('examples/components.yaml'),
        ...templates,
      ],
    },
  };
}

const [cmd, ...args] = process.argv.slice(2);
if (cmd === 'key') console.log(key(...args));
else if (cmd === 'create-app-deps') createAppDeps(...args);
else if (cmd === 'machine') machine(...args);
else if (cmd === 'paved') paved(...args);
else {
  console.error(`unknown subcommand ${cmd}`);
  process.exit(2);
}
