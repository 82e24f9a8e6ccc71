/**
 * Step "browser" of `npm run audit`: opens the report in Debian's headless Chromium through playwright-core and
 * checks that every section and picture is there and that the attack-surface matrix has a row for every
 * restricted selector of the deployed wiring; saves `screenshot.png` next to the report.
 * Usage: node scripts/audit/browser-check.ts <report dir> <wiring.json>. Chromium: $CHROMIUM_PATH or
 * /usr/bin/chromium (`apt-get install chromium`; .ci/run installs it).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { chromium } from "playwright-core";

const [dir, wiringFile] = process.argv.slice(2);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const fail = (message: string): never => {
  console.log(`browser: ${message}`);
  process.exit(1);
};
if (!existsSync(CHROMIUM)) fail(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
const wiring = JSON.parse(readFileSync(wiringFile, "utf8")) as {
  contracts: { name: string; rows: { selector: string; kind: string }[] }[];
};

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(pathToFileURL(path.resolve(dir, "index.html")).href);
  const problems: string[] = [];
  if ((await page.getAttribute("body", "data-complete")) !== "true") problems.push("the report says it is incomplete");
  for (const id of ["steps", "roles", "findings", "gas", "properties", "coverage"])
    if ((await page.locator(`section#${id}`).count()) !== 1) problems.push(`section ${id} missing`);
  const services = await page.locator("section[data-service]").count();
  if (services === 0) problems.push("no service section");
  // Every deployable contract article has its two structure pictures, and they rendered (non-zero size).
  const articles = await page.locator("article[data-contract]").all();
  for (const article of articles) {
    const name = await article.getAttribute("data-contract");
    for (const kind of ["inheritance", "storage"]) {
      const svg = article.locator(`svg[data-picture="${kind}"]`);
      const box = (await svg.count()) === 1 ? await svg.boundingBox() : null;
      if (box === null || box.width < 10 || box.height < 10) problems.push(`${name}: ${kind} picture missing`);
    }
    if ((await article.locator("dl.api dt").count()) === 0) problems.push(`${name}: API reference empty`);
  }
  for (const chart of ["gas-budgets", "gas-ratios"])
    if ((await page.locator(`svg[data-picture="${chart}"] [data-bar]`).count()) === 0)
      problems.push(`chart ${chart} missing`);
  let restricted = 0;
  for (const contract of wiring.contracts)
    for (const row of contract.rows.filter((r) => r.kind === "restricted")) {
      restricted++;
      const selector = `tr[data-matrix-row][data-contract="${contract.name}"][data-selector="${row.selector}"][data-kind="restricted"]`;
      if ((await page.locator(selector).count()) !== 1)
        problems.push(`matrix row missing: ${contract.name} ${row.selector}`);
    }
  if (restricted === 0) problems.push("the wiring lists no restricted function");
  await page.screenshot({ path: path.join(dir, "screenshot.png") });
  if (problems.length > 0) fail(`${problems.length} problem(s): ${problems.slice(0, 10).join("; ")}`);
  console.log(
    `browser: ${services} service sections, ${articles.length} contracts with 2 pictures each, ${restricted} restricted selectors in the matrix; screenshot.png saved`,
  );
} finally {
  await browser.close();
}
