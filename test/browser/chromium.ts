// Launches Debian's Chromium (apt package `chromium`, listed in scripts/apt-packages.txt) through playwright-core.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export interface LaunchedBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Fails (never skips) when Chromium is missing, so a machine without it cannot pass the browser tests. */
export async function launchChromium(): Promise<LaunchedBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: run \`bash scripts/setup.sh\` (installs the Debian package \`chromium\` from scripts/apt-packages.txt)`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'kumiki-chromium-'));
  // Playwright refuses `--user-data-dir` in `args`; a persistent context on a fresh directory is the same thing.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
