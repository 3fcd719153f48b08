// `prepack` / `postpack` (npm pack, npm publish): the published package.json carries no `prepare` script.
// `prepare` builds dist/ when this repository is installed from source (`npm ci`, the README's quick start);
// in a packed package dist/ is already built, npm never runs it there, yet npm 11 lists it as an install
// script to allow on every install of the package. `prepack` builds (unless PLUMBLINE_PACK_PREBUILT=1 says
// dist/ is fresh) and removes `prepare` from package.json, keeping the original beside it; `postpack` puts the
// original back. A pack that failed half-way is repaired by the next one (the original is restored first).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const MANIFEST = 'package.json';
const ORIGINAL = '.package.json.prepack';

function restore() {
  if (existsSync(ORIGINAL)) renameSync(ORIGINAL, MANIFEST);
}

if (process.argv[2] === 'restore') {
  restore();
} else {
  restore();
  if (!process.env.PLUMBLINE_PACK_PREBUILT) {
    const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const text = readFileSync(MANIFEST, 'utf8');
  const manifest = JSON.parse(text);
  if (manifest.scripts?.prepare) {
    writeFileSync(ORIGINAL, text);
    delete manifest.scripts.prepare;
    writeFileSync(MANIFEST, `${JSON.stringify(manifest, null, 2)}\n`);
  }
}
