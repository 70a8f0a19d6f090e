#!/usr/bin/env node
/**
 * `npm run build` builds (nest build) and records what it built from: a digest of the sources and settings.
 * `npm start` runs this with --if-changed: when dist/ was built from exactly the current sources it starts at once
 * (a restart took 11-13 s of build for a service ready in under 1 s, issue 8); after any edit it builds first.
 *
 * A digest of contents, not mtimes: a checkout, a copy that keeps old mtimes or an edit undone all say what they are.
 * It is taken before building, so that a file saved during the build makes the next start build again.
 * Plain CommonJS without dependencies: it runs before anything is compiled.
 */
'use strict';
const { createHash } = require('node:crypto');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

/** What the build reads: the sources tsconfig.build.json compiles, and the settings and packages it compiles them with. */
const SOURCE_DIRS = ['apps', 'libs', 'migrations', 'test'];
const SETTINGS = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json'];
/** Never compiled (tsconfig.build.json excludes them): editing a test does not make the service stale. */
const isExcluded = (rel) => rel.endsWith('.spec.ts') || rel.startsWith('test/e2e/');
const STAMP = 'dist/.build-inputs';
const ENTRY = 'dist/apps/api/src/main.js';

function listFiles(root, dir, out) {
  let entries;
  try {
    entries = fs.readdirSync(path.join(root, dir), { withFileTypes: true });
  } catch (e) {
    if (e.code === 'ENOENT') return out;
    throw e;
  }
  for (const entry of entries) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) listFiles(root, rel, out);
    else if (entry.isFile() && !isExcluded(rel)) out.push(rel);
  }
  return out;
}

/** sha256 over every input's path and content, in a stable order. */
function inputsDigest(root) {
  const files = [...SOURCE_DIRS.flatMap((dir) => listFiles(root, dir, [])), ...SETTINGS.filter((f) => fs.existsSync(path.join(root, f)))].sort();
  const hash = createHash('sha256');
  for (const rel of files)
    hash
      .update(rel)
      .update('\0')
      .update(fs.readFileSync(path.join(root, rel)))
      .update('\0');
  return hash.digest('hex');
}

/** dist/ holds a build of exactly these inputs. */
function isBuildFresh(root, digest = inputsDigest(root)) {
  try {
    return fs.existsSync(path.join(root, ENTRY)) && fs.readFileSync(path.join(root, STAMP), 'utf8').trim() === digest;
  } catch {
    return false;
  }
}

function writeStamp(root, digest) {
  fs.writeFileSync(path.join(root, STAMP), `${digest}\n`);
}

function build(root) {
  const digest = inputsDigest(root);
  const nest = require.resolve('@nestjs/cli/bin/nest.js', { paths: [root] });
  const result = spawnSync(process.execPath, [nest, 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeStamp(root, digest);
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  if (process.argv.includes('--if-changed') && isBuildFresh(root)) {
    console.log('dist/ is up to date with the sources: not rebuilding');
  } else {
    if (process.argv.includes('--if-changed')) console.log('the sources changed since the last build: building');
    build(root);
  }
}

module.exports = { inputsDigest, isBuildFresh, writeStamp, STAMP, ENTRY };
