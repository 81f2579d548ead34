/** `yarn bench <name>`: runs one benchmark against the local cluster. */
const benches: Record<string, string> = {
  apply: './apply/main',
  clone: './clone/main',
  cost: './cost/main',
  entity: './entity/main',
  gitops: './gitops/main',
  preview: './preview/main',
  rollback: './rollback/main',
};

const selected = process.argv[2];
if (!selected || !benches[selected]) {
  process.stderr.write(
    `usage: yarn bench <${Object.keys(benches).join('|')}>\n`,
  );
  process.exit(2);
}
require(benches[selected]);

export {};
