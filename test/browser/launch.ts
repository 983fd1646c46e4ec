import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core'

/** The flags that keep Debian's Chromium quiet and off the network on these machines. */
export const chromiumArgs: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Launches headless Chromium (`ESMAP_CHROMIUM` or /usr/bin/chromium); fails clearly when missing. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.ESMAP_CHROMIUM ?? '/usr/bin/chromium'
  try {
    return await chromium.launch({ executablePath, args: [...chromiumArgs] })
  } catch (err) {
    throw new Error(`Could not start Chromium at ${executablePath}: install it with "apt-get install -y chromium" (npm test does this) or set ESMAP_CHROMIUM.`, { cause: err })
  }
}

export interface PageWatch {
  /** Console errors and page errors, in order. */
  errors: string[]
  /** Every URL the page requested. */
  requests: string[]
}

/** Records console errors, uncaught errors and requests of a page. */
export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { errors: [], requests: [] }
  page.on('console', (msg: ConsoleMessage) => {
    if (msg.type() === 'error') watch.errors.push(msg.text())
  })
  page.on('pageerror', (err: Error) => watch.errors.push(err.message))
  page.on('request', (req) => watch.requests.push(req.url()))
  return watch
}
