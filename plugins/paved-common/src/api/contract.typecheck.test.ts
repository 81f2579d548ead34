import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '../../../..');
const contractFile = path.join(root, 'plugins/paved-common/src/types.ts');

/** The packages on the two ends of the `/api/paved` contract. */
const consumers = {
  backend: 'plugins/paved-backend/src/',
  frontend: 'plugins/paved/src/',
  scaffolder: 'plugins/scaffolder-backend-module-paved/src/',
};

/**
 * Type-checks the contract's consumers with `contractFile` replaced by `text`, as `tsc` would with the
 * repository's tsconfig, and returns the errors by file.
 */
function typeErrorsWith(text: string): Map<string, string[]> {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(root, 'tsconfig.json'),
    { noEmit: true, incremental: false },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: d => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  )!;
  const host = ts.createCompilerHost(config.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, ...rest) =>
    path.resolve(fileName) === contractFile
      ? ts.createSourceFile(fileName, text, language)
      : getSourceFile(fileName, language, ...rest);
  const rootNames = config.fileNames.filter(f =>
    Object.values(consumers).some(dir => f.startsWith(path.join(root, dir))),
  );
  const program = ts.createProgram({
    rootNames,
    options: config.options,
    host,
  });
  const errors = new Map<string, string[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file ? path.relative(root, d.file.fileName) : '(global)';
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    errors.set(file, [...(errors.get(file) ?? []), message]);
  }
  return errors;
}

describe('the /api/paved contract', () => {
  it('fails type checks in the backend, the frontend and the scaffolder module when one response field changes', () => {
    const original = ts.sys.readFile(contractFile)!;
    const start = original.indexOf('export interface ApprovalRequestView {');
    const field = original.indexOf('  expiresAt: string;', start);
    expect(start).toBeGreaterThan(0);
    expect(field).toBeGreaterThan(start);
    const renamed = `${original.slice(
      0,
      field,
    )}  expiresOn: string;${original.slice(
      field + '  expiresAt: string;'.length,
    )}`;

    const errors = typeErrorsWith(renamed);

    // each side fails where it writes or reads the renamed field
    const naming = (dir: string) =>
      [...errors.entries()]
        .filter(([file]) => file.startsWith(dir))
        .some(([, messages]) =>
          messages.some(m => /expiresAt|expiresOn/.test(m)),
        );
    expect(
      Object.fromEntries(
        Object.entries(consumers).map(([side, dir]) => [side, naming(dir)]),
      ),
    ).toEqual({ backend: true, frontend: true, scaffolder: true });
    // and nothing outside the contract's two ends is affected
    expect(
      [...errors.keys()].filter(
        file => !Object.values(consumers).some(dir => file.startsWith(dir)),
      ),
    ).toEqual([]);
  });
});
