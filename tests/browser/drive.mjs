// Drives the pages of a running `newsgraph serve` in headless Debian chromium, as a reader would:
// picks the "offers" example on the query page, runs it, reads the results table, follows an
// entity link and reads the entity page (label, a fact with its sentence, the diagram).
// Screenshots of both pages go to the artefact directory.
//
// Usage: node tests/browser/drive.mjs URL ARTEFACT_DIR
// Environment: CHROMIUM (default /usr/bin/chromium).
// Exit status: 0 all checks passed, 1 a check failed (the message says which), 2 usage or setup.
// tests/browser.rs runs it against the seeds store; it needs node 20 or later, `npm ci` in
// tests/browser (playwright-core only: its own browser downloads are not used) and the Debian
// package chromium.

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [url, artefacts] = process.argv.slice(2);
if (!url || !artefacts) {
  console.error('drive.mjs: usage: node tests/browser/drive.mjs URL ARTEFACT_DIR');
  process.exit(2);
}
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`drive.mjs: no chromium at ${executablePath}: install it (apt-get install -y chromium) or set CHROMIUM`);
  process.exit(2);
}
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch (error) {
  console.error(`drive.mjs: playwright-core is not installed: run \`npm ci\` in tests/browser (${error.message})`);
  process.exit(2);
}

/** A failed check: reported with its message and exit status 1. */
class CheckFailed extends Error {}
function check(condition, message) {
  if (!condition) throw new CheckFailed(message);
}

// Milliseconds any single wait may take; tests/browser.rs bounds the whole run.
const WAIT = 30_000;
// What the seed articles are known to say (queries/offers.rq, tests/queries.rs).
const OFFER_VALUES = ['Microsoft', 'TikTok', 'Oracle'];

mkdirSync(artefacts, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'newsgraph-chromium-'));
let context;
let status = 0;
// Until chromium runs, a failure is one of setup (2); after, the page failed a check (1).
let launched = false;
try {
  // A persistent context because playwright refuses --user-data-dir in `args`; a fresh profile
  // each run. Without the background-networking flags chromium tries to reach Google's services
  // and, on a closed network, fails the loopback connections too.
  context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    viewport: { width: 1280, height: 900 },
    timeout: WAIT,
  });
  launched = true;
  context.setDefaultTimeout(WAIT);
  const page = context.pages()[0] ?? (await context.newPage());

  // Script errors and refused loads (a Content-Security-Policy violation is a console error)
  // are failures even if the page looks right.
  const problems = [];
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('console', (message) => {
    // The server has no favicon and the page links none (tests/serve.rs forbids <link>), so
    // chromium's own request for /favicon.ico is answered 404: not the page's fault.
    const where = message.location().url;
    if (message.type() === 'error' && !where.endsWith('/favicon.ico')) {
      problems.push(`console error: ${message.text()}${where ? ` (${where})` : ''}`);
    }
  });
  page.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  const noProblems = (where) => check(problems.length === 0, `${where}:\n  ${problems.join('\n  ')}`);

  // The query page.
  const front = await page.goto(new URL('/', url).href, { waitUntil: 'load' });
  check(front?.ok(), `GET / answered ${front?.status()}`);
  await page.locator('#query').waitFor().catch(() => {
    throw new CheckFailed('the page at / has no query box (#query): is this newsgraph serve?');
  });
  await page.selectOption('#example', 'offers');
  const query = await page.inputValue('#query');
  check(query.includes('ng:Offer'), `choosing the example "offers" did not put its query in the box:\n${query.slice(0, 300)}`);
  await page.click('#run');
  const rows = page.locator('#results table tbody tr');
  try {
    await rows.first().waitFor();
  } catch {
    const said = await page.textContent('#status');
    throw new CheckFailed(`no results table after Run; status line: ${JSON.stringify(said)}`);
  }
  const headers = await page.locator('#results table thead th').allTextContents();
  for (const column of ['bidder', 'target', 'status']) {
    check(headers.includes(column), `results table has columns ${JSON.stringify(headers)}, not "${column}"`);
  }
  const table = await page.locator('#results table').innerText();
  const offers = await rows.count();
  check(offers >= 2, `expected at least 2 offers, the table shows:\n${table}`);
  for (const value of OFFER_VALUES) {
    check(table.includes(value), `"${value}" is not in the results table:\n${table}`);
  }
  const said = await page.textContent('#status');
  check(/\d+ rows? in \d+ ms/.test(said ?? ''), `status line says ${JSON.stringify(said)}`);
  const overview = page.locator('main figure img');
  await overview.scrollIntoViewIfNeeded();
  check(await loaded(overview), 'the diagram on the query page did not load');
  noProblems('the query page');
  const frontShot = join(artefacts, 'front-page-results.png');
  await screenshot(page, frontShot);

  // Follow the first bidder's link (Microsoft's) to its entity page.
  const link = page.locator('#results table tbody tr td a[href^="/id/entity/"]').first();
  const href = await link.getAttribute('href');
  check(href === '/id/entity/microsoft', `the first entity link goes to ${href}, not /id/entity/microsoft`);
  await Promise.all([page.waitForURL(`**${href}`, { waitUntil: 'load' }), link.click()]);
  const title = (await page.locator('main h1').textContent())?.trim();
  check(title === 'Microsoft', `the entity page's heading is ${JSON.stringify(title)}, not "Microsoft"`);
  check((await page.title()).startsWith('Microsoft'), `the entity page's title is ${JSON.stringify(await page.title())}`);
  // The facts table is the one with a sentence column.
  const factsTable = page.locator('main table', { has: page.locator('thead th:text-is("sentence")') });
  const facts = factsTable.locator('tbody tr');
  check((await facts.count()) > 0, 'the entity page has no facts table');
  // A fact about TikTok, with the sentence that states it and the document it comes from.
  const fact = facts.filter({ hasText: 'TikTok' }).filter({ has: page.locator('td.sentence:not(:empty)') }).first();
  check((await fact.count()) === 1, `no fact about TikTok with its sentence; facts:\n${await factsTable.innerText()}`);
  const sentence = (await fact.locator('td.sentence').innerText()).trim();
  check(sentence.length > 20 && /TikTok/.test(sentence), `the fact's sentence is ${JSON.stringify(sentence)}`);
  const source = fact.locator('td:last-child a[href^="/id/doc/"]');
  check((await source.count()) === 1, `the fact about TikTok links to no document: ${await fact.innerText()}`);
  const diagram = page.locator('h2:text-is("Diagram") + figure img, h2:text-is("Diagram") + figure svg').first();
  check((await diagram.count()) === 1, 'the entity page shows no diagram');
  await diagram.scrollIntoViewIfNeeded();
  check(await loaded(diagram), 'the diagram on the entity page did not load');
  noProblems('the entity page');
  const entityShot = join(artefacts, 'entity-page.png');
  await screenshot(page, entityShot);

  console.log(`drive.mjs: ok: ${offers} offers, ${await facts.count()} facts on the page of Microsoft`);
  console.log(`drive.mjs: screenshots ${frontShot} ${entityShot}`);
} catch (error) {
  status = launched ? 1 : 2;
  const what = error instanceof CheckFailed ? 'check failed' : launched ? 'failed' : 'cannot start chromium';
  console.error(`drive.mjs: ${what}: ${error.message}`);
  try {
    // What the page looked like when it went wrong.
    const page = context?.pages()[0];
    if (page) {
      const shot = join(artefacts, 'failure.png');
      await screenshot(page, shot);
      console.error(`drive.mjs: screenshot of the failure: ${shot}`);
    }
  } catch {
    // The browser is gone; the message above is all there is.
  }
} finally {
  await context?.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
}
process.exit(status);

/** A screenshot of the whole page as it looks from the top: scrolled down, the sticky table
 * headers would be drawn over the rows they stick to. */
async function screenshot(page, path) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage: true });
}

/** Whether an <img> has decoded a picture (or an inline <svg> has a size). */
async function loaded(locator) {
  return locator.evaluate(async (node) => {
    if (node instanceof HTMLImageElement) {
      if (!node.complete) await new Promise((done) => { node.onload = node.onerror = done; });
      return node.naturalWidth > 0;
    }
    const box = node.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  });
}
