// Runs before `npm start`: builds the web app (web/ → web/dist) with Vite when the build is missing
// or older than any of its sources, so a fresh clone and a `git pull` both start with a current app.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const web = join(root, 'web');
const builtIndex = join(web, 'dist', 'index.html');
const builtPortal = join(web, 'dist', 'portal.html');
const sources = [
  join(web, 'src'),
  join(web, 'index.html'),
  join(web, 'portal.html'),
  join(web, 'vite.config.ts'),
];

/** The newest modification time among the files under `path` (0 when it does not exist). */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function isUpToDate() {
  // A build from before the portal existed has no portal.html: build again.
  if (!existsSync(builtIndex) || !existsSync(builtPortal)) return false;
  const built = statSync(builtIndex).mtimeMs;
  return sources.every((source) => newestMtime(source) <= built);
}

async function buildWeb() {
  let vite;
  try {
    vite = await import('vite');
  } catch (error) {
    throw new Error(
      `vite is not installed (${error.message}); run \`npm install\` (with dev dependencies) or \`npm run build:web\` where it is`,
      { cause: error },
    );
  }
  const started = performance.now();
  await vite.build({ configFile: join(web, 'vite.config.ts'), logLevel: 'warn' });
  return (performance.now() - started) / 1000;
}

if (isUpToDate()) {
  console.log('web app up to date');
} else {
  try {
    const seconds = await buildWeb();
    console.log(`web app built in ${seconds.toFixed(1)} s`);
  } catch (error) {
    console.error(`web app build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
