// Playwright cannot download its own browser on our machines: use Debian's `chromium` package, installing it
// when it is missing and we are allowed to (root, as in CI). Prints one line on what it did.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(path)) {
  console.log(`chromium: ${path}`);
} else if (process.getuid?.() === 0) {
  console.log('chromium: not found, installing Debian\'s chromium package (apt-get) ...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execSync('apt-get update -qq && apt-get install -y -qq chromium >/dev/null', { stdio: 'inherit', env, shell: '/bin/bash' });
  if (!existsSync(path)) { console.error(`chromium: install finished but ${path} is missing`); process.exit(1); }
  console.log(`chromium: installed at ${path}`);
} else {
  console.error(`chromium: ${path} is missing. Install Debian's package as root: sudo apt-get install chromium`);
  process.exit(1);
}
