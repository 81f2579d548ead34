// Applies the install sections of Paved's package READMEs to a Backstage app, literally.
//
// Every fenced block under a README's "## Install" heading is one step, and every such block must be
// applicable; a block the script cannot apply fails the proof, so the README and the proof never drift.
// The info string says where a block goes (GitHub renders only its first word):
//
//   ```sh                                   `yarn --cwd <dir> add <package>...` adds dependencies (all adds are
//                                           installed in one go); `yarn dedupe <pattern>` runs after that install
//   ```ts file=<path> before="<text>"       inserted before every line containing <text>
//   ```ts file=<path> after="<text>"        inserted after every line containing <text>
//   ```ts file=<path> top                   inserted at the top of the file (imports)
//   ```ts file=<path> remove                the block's lines, found as one consecutive run, are removed
//   ```yaml file=<path> merge               deep-merged into the YAML file (lists are replaced)
//
// `within="<text>"` limits before/after to the lines from the one containing <text> to the next line that
// closes the statement (`);`). `system=new|legacy` applies a block to one frontend system only.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

/** Parses `key=value key="value with spaces" flag` from a fenced block's info string. */
export function parseInfo(info) {
  const [lang, ...rest] = info.trim().split(/\s+/);
  const attrs = {};
  const re = /(\w+)(?:=(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)))?/g;
  const tail = info.trim().slice(lang.length);
  let m;
  while ((m = re.exec(tail))) {
    attrs[m[1]] =
      m[2] !== undefined ? m[2].replace(/\\"/g, '"') : m[3] ?? m[4] ?? true;
  }
  return { lang, attrs, raw: rest.join(' ') };
}

/** The fenced blocks under the README's "## Install" heading (to the next "## " heading). */
export function installBlocks(markdown, source) {
  const lines = markdown.split('\n');
  const start = lines.findIndex(l => /^## Install\b/.test(l));
  if (start < 0) throw new Error(`${source}: no "## Install" section`);
  const blocks = [];
  for (let i = start + 1; i < lines.length && !/^## /.test(lines[i]); i++) {
    const open = /^```(.*)$/.exec(lines[i]);
    if (!open) continue;
    const body = [];
    let j = i + 1;
    for (; j < lines.length && !/^```\s*$/.test(lines[j]); j++)
      body.push(lines[j]);
    blocks.push({
      ...parseInfo(open[1]),
      body: body.join('\n'),
      line: i + 1,
      source,
    });
    i = j;
  }
  return blocks;
}

function where(block) {
  return `${block.source}:${block.line}`;
}

/**
 * `yarn --cwd packages/backend add @paved/x @paved/y` → the workspace dir and package names;
 * `yarn dedupe '@backstage/*'` → a command to run after the install.
 */
function parseCommand(command, block) {
  const add = /^yarn\s+--cwd\s+(\S+)\s+add\s+(.+)$/.exec(command.trim());
  if (add) return { dir: add[1], packages: add[2].split(/\s+/) };
  if (/^yarn\s+dedupe(\s+[\w@/*'"-]+)*$/.test(command.trim()))
    return { after: command.trim() };
  throw new Error(
    `${where(
      block,
    )}: the install proof can apply only "yarn --cwd <dir> add <package>..." and "yarn dedupe …" in sh blocks, got: ${command}`,
  );
}

function regionOf(lines, within, block) {
  if (!within) return [0, lines.length];
  const from = lines.findIndex(l => l.includes(within));
  if (from < 0)
    throw new Error(
      `${where(block)}: within="${within}" matches no line of ${
        block.attrs.file
      }`,
    );
  let to = from;
  while (to < lines.length && !/^\);?\s*$/.test(lines[to])) to++;
  return [from, to + 1];
}

function editSource(text, block) {
  const { attrs } = block;
  const snippet = block.body.split('\n');
  let lines = text.split('\n');
  if (attrs.top) return [...snippet, ...lines].join('\n');
  if (attrs.remove) {
    // the block's lines, as one run of consecutive lines of the file (indentation aside)
    const wanted = snippet.map(l => l.trim()).filter(Boolean);
    const trimmed = lines.map(l => l.trim());
    const at = trimmed.findIndex((_, i) =>
      wanted.every((w, k) => trimmed[i + k] === w),
    );
    if (at < 0) {
      throw new Error(
        `${where(block)}: these lines are not in ${
          attrs.file
        }, so they cannot be removed:\n${wanted.join('\n')}`,
      );
    }
    lines.splice(at, wanted.length);
    return lines.join('\n');
  }
  const anchor = attrs.before ?? attrs.after;
  if (typeof anchor !== 'string') {
    throw new Error(
      `${where(
        block,
      )}: a block with file= needs one of top, remove, merge, before="…", after="…"`,
    );
  }
  const [from, to] = regionOf(lines, attrs.within, block);
  const hits = [];
  for (let i = from; i < to; i++) if (lines[i].includes(anchor)) hits.push(i);
  if (!hits.length)
    throw new Error(
      `${where(block)}: no line of ${attrs.file} contains "${anchor}"`,
    );
  for (const i of hits.reverse()) {
    const at = attrs.before !== undefined ? i : i + 1;
    const indent = /^\s*/.exec(lines[i])[0];
    lines = [
      ...lines.slice(0, at),
      ...snippet.map(l => (l ? indent + l : l)),
      ...lines.slice(at),
    ];
  }
  return lines.join('\n');
}

/** Sets every leaf of `value` into the YAML document at `path`, keeping the file's other keys and comments. */
function mergeInto(doc, path, value) {
  const plain = v => v && typeof v === 'object' && !Array.isArray(v);
  const existing = doc.getIn(path, true);
  if (!plain(value) || !YAML.isMap(existing)) {
    doc.setIn(path, doc.createNode(value));
    return;
  }
  for (const [k, v] of Object.entries(value)) mergeInto(doc, [...path, k], v);
}

/**
 * Applies the blocks to the app at `appDir` for one frontend system. Returns the dependencies the sh blocks
 * add, per workspace dir, for the caller to install in one go, and the commands to run after that install.
 */
export function applyBlocks(appDir, blocks, system) {
  const added = {};
  const after = [];
  for (const block of blocks) {
    if (block.attrs.system && block.attrs.system !== system) continue;
    if (block.lang === 'sh' || block.lang === 'bash') {
      for (const command of block.body
        .split('\n')
        .filter(l => l.trim() && !l.trim().startsWith('#'))) {
        const step = parseCommand(command, block);
        if (step.after) after.push(step.after);
        else (added[step.dir] ??= []).push(...step.packages);
      }
      continue;
    }
    const file = block.attrs.file;
    if (typeof file !== 'string') {
      throw new Error(
        `${where(
          block,
        )}: every block of an Install section says which file it changes (file=…)`,
      );
    }
    const target = path.join(appDir, file);
    if (!fs.existsSync(target))
      throw new Error(`${where(block)}: ${file} does not exist in the app`);
    const text = fs.readFileSync(target, 'utf8');
    if (block.attrs.merge) {
      const doc = YAML.parseDocument(text);
      for (const [k, v] of Object.entries(YAML.parse(block.body)))
        mergeInto(doc, [k], v);
      fs.writeFileSync(
        target,
        doc.toString({ lineWidth: 0, flowCollectionPadding: false }),
      );
    } else {
      fs.writeFileSync(target, editSource(text, block));
    }
  }
  return { added, after };
}
