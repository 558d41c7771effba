// Installs a packed genesys-chat tarball into a fresh project, as a site would
// (`npm install ./genesys-chat-x.y.z.tgz`), without the network: used by the package check
// (scripts/package-check.mjs) and the install test (test/server/install.test.mjs).
//
// `npm install --offline` takes Lit and @lit/react from the npm cache, which `npm ci` or
// `npm install` in this repository filled. A machine whose cache was emptied since (a CI
// that keeps node_modules but not ~/.npm) gets the package unpacked into node_modules by
// hand instead, with its dependencies linked from this repository's node_modules: the
// same files a registry install would give, only found by another road. Which road was
// taken is returned, so the caller can print it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * @param {string} tarball absolute path of the .tgz
 * @param {string} project an empty directory: becomes a private ESM project with the package installed
 * @returns {{ how: 'npm install --offline' | 'unpacked, dependencies linked', ms: number, detail?: string }}
 */
export function installPacked(tarball, project) {
  const started = Date.now();
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'a-site', private: true, type: 'module' }, null, 2));
  try {
    execFileSync('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], {
      cwd: project,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
    });
    return { how: 'npm install --offline', ms: Date.now() - started };
  } catch (error) {
    // Only a cache miss (ENOTCACHED) falls back; anything else is the package's fault.
    const text = `${error.stdout ?? ''}${error.stderr ?? ''}`;
    if (!/ENOTCACHED|offline/i.test(text)) throw new Error(`npm install of ${path.basename(tarball)} failed:\n${text}`);
    const pkgDir = path.join(project, 'node_modules', 'genesys-chat');
    mkdirSync(pkgDir, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', pkgDir, '--strip-components=1']);
    const deps = Object.keys(JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).dependencies ?? {});
    for (const dep of deps) {
      const from = path.join(root, 'node_modules', dep);
      if (!existsSync(from)) throw new Error(`npm's cache lacks ${dep} and so does ${root}node_modules: run npm install first`);
      const to = path.join(project, 'node_modules', dep);
      mkdirSync(path.dirname(to), { recursive: true });
      symlinkSync(from, to, 'dir');
    }
    return { how: 'unpacked, dependencies linked', ms: Date.now() - started, detail: text.trim().split('\n')[0] };
  }
}
