import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const read = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8'));

/**
 * Issue 8: `npm install` rewrote package-lock.json on a clean clone (its copy of package.json's "engines" was stale),
 * leaving a newcomer with a change they did not make. The lock's root entry must be package.json's.
 */
describe('package-lock.json is what npm install writes', () => {
  it("holds package.json's name, version, engines and dependencies", () => {
    const pkg = read('package.json');
    const lockRoot = read('package-lock.json').packages[''];
    const fields = ['name', 'version', 'engines', 'dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];
    const pick = (o: Record<string, unknown>) => Object.fromEntries(fields.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
    expect(pick(lockRoot)).toEqual(pick(pkg));
  });
});
