import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

interface BuildScript {
  inputsDigest(root: string): string;
  isBuildFresh(root: string): boolean;
  writeStamp(root: string, digest: string): void;
}
// plain CommonJS, since it runs before anything is compiled
// eslint-disable-next-line @typescript-eslint/no-require-imports
const script = require('../../scripts/build.js') as BuildScript;

/**
 * Issue 8: every `npm start` rebuilt (11-13 s). `npm start` now builds only when the sources changed, and must still
 * run the current code after any edit: the decision is checked on a project of a few files.
 */
describe('npm start builds only when what the build reads changed', () => {
  let root: string;
  const write = (rel: string, content: string) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  };
  const built = () => script.writeStamp(root, script.inputsDigest(root));

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'coop-ledger-build-'));
    write('apps/api/src/main.ts', 'console.log(1);');
    write('libs/core/src/index.ts', 'export const a = 1;');
    write('migrations/index.ts', 'export const ALL = [];');
    write('test/bench/ledger.bench.ts', 'bench');
    write('test/e2e/members.e2e-spec.ts', 'e2e');
    write('libs/core/src/index.spec.ts', 'unit');
    for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json']) write(f, '{}');
    write('dist/apps/api/src/main.js', 'compiled');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('builds when dist/ has no record of what it was built from (a build of before, or none)', () => {
    expect(script.isBuildFresh(root)).toBe(false);
    built();
    expect(script.isBuildFresh(root)).toBe(true);
  });

  it('builds after an edit, even one that keeps the old modification time, and not once it is undone', () => {
    built();
    const file = path.join(root, 'libs/core/src/index.ts');
    const { atime, mtime } = statSync(file);
    writeFileSync(file, 'export const a = 2;');
    utimesSync(file, atime, mtime);
    expect(script.isBuildFresh(root)).toBe(false);
    writeFileSync(file, 'export const a = 1;');
    expect(script.isBuildFresh(root)).toBe(true);
  });

  it.each([
    ['a new source file', () => write('migrations/1765050000000-new.ts', 'x')],
    [
      'a renamed source file',
      () => {
        rmSync(path.join(root, 'migrations/index.ts'));
        write('migrations/index2.ts', 'export const ALL = [];');
      },
    ],
    ['a deleted source file', () => rmSync(path.join(root, 'test/bench/ledger.bench.ts'))],
    ['a changed setting (tsconfig.json)', () => write('tsconfig.json', '{"compilerOptions":{}}')],
    ['changed packages (package-lock.json)', () => write('package-lock.json', '{"lockfileVersion":3}')],
    ['a missing compiled entry point', () => rmSync(path.join(root, 'dist/apps/api/src/main.js'))],
  ])('builds after %s', (_, change) => {
    built();
    change();
    expect(script.isBuildFresh(root)).toBe(false);
  });

  it('does not build for a test that the build does not compile', () => {
    built();
    write('test/e2e/members.e2e-spec.ts', 'e2e, edited');
    write('libs/core/src/index.spec.ts', 'unit, edited');
    write('test/e2e/new.e2e-spec.ts', 'new');
    expect(script.isBuildFresh(root)).toBe(true);
  });
});
