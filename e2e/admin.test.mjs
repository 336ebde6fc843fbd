// The admin UI in a real browser: Debian's Chromium driven by playwright-core. Started by
// crates/server/tests/it/browser.rs, which serves aftercare on a loopback port, creates the shop,
// its owner and some orders, and writes what they are into the file named by E2E_FIXTURE.
// Screenshots go to E2E_ARTIFACTS.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const fx = JSON.parse(readFileSync(process.env.E2E_FIXTURE, "utf8"));
const artifacts = process.env.E2E_ARTIFACTS || "target/e2e-artifacts";
mkdirSync(artifacts, { recursive: true });
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const LAPTOP = { width: 1366, height: 900 };
const TABLET = { width: 820, height: 1180 };
let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
});
after(async () => {
  await browser?.close();
});

async function open(opts = {}) {
  const context = await browser.newContext({ viewport: LAPTOP, ...opts });
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => requests.push(r.url()));
  return { context, page, errors, requests };
}

async function signIn(page, lang, password = fx.password) {
  await page.goto(`${fx.base}/admin/login`);
  await page.fill("#email", fx.email);
  await page.fill("#password", password);
  await Promise.all([page.waitForLoadState("load"), page.click("form button[type=submit]")]);
}

async function axe(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"] }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`), [], name);
}

for (const lang of ["en", "hu"]) {
  const t = fx.text[lang];
  test(`${lang}: sign in, find an order, read its page, edit and preview a template`, async () => {
    const { context, page, errors, requests } = await open({ locale: lang === "hu" ? "hu-HU" : "en-US", extraHTTPHeaders: { "accept-language": lang } });
    // A wrong password first: the same calm message, still on the sign-in page.
    await signIn(page, lang, "not the password");
    assert.match(page.url(), /\/admin\/login$/);
    assert.equal((await page.textContent("[role=alert]")).trim(), t.wrong);
    await signIn(page, lang);
    assert.equal(new URL(page.url()).pathname, "/admin");
    assert.equal(await page.getAttribute("html", "lang"), lang);
    assert.equal((await page.textContent("h1")).trim(), t.home);
    await page.screenshot({ path: join(artifacts, `admin-home-${lang}.png`), fullPage: true });

    // Search by the buyer's name; the result links to the order page.
    await page.click(`nav a[href="/admin/orders"]`);
    await page.fill("#q", fx.search.name);
    await Promise.all([page.waitForLoadState("load"), page.press("#q", "Enter")]);
    const rows = page.locator("table.orders tbody tr");
    assert.equal(await rows.count(), 1);
    assert.match(await rows.first().textContent(), new RegExp(fx.search.number));
    await Promise.all([page.waitForLoadState("load"), rows.first().locator("a").click()]);
    const body = await page.textContent("main");
    for (const want of [fx.search.tracking, fx.search.event, fx.search.email]) {
      assert.ok(body.includes(want), `${want} on the order page`);
    }
    assert.equal(await page.locator(`a[href^="/t/"]`).count(), 1, "a link to the buyer's tracking page");
    await page.screenshot({ path: join(artifacts, `admin-order-${lang}.png`), fullPage: true });

    // The template editor: the preview follows the typing; a broken template is refused at its line.
    await page.goto(`${fx.base}/admin/templates/shipped/${lang}`);
    const subject = `${t.subjectPrefix} {{ order_number }}`;
    await page.fill("#subject", subject);
    const preview = page.frameLocator("#preview");
    await preview.locator(".subject").filter({ hasText: `${t.subjectPrefix} #1001` }).waitFor({ timeout: 10000 });
    await page.screenshot({ path: join(artifacts, `admin-template-${lang}.png`), fullPage: true });
    await Promise.all([page.waitForLoadState("load"), page.click("#template-form button[type=submit]:not([formaction])")]);
    assert.equal((await page.textContent("[role=status]")).trim(), t.saved);
    await page.fill("#body_text", "first line\n{% for x in %}\nthird line");
    await Promise.all([page.waitForLoadState("load"), page.click("#template-form button[type=submit]:not([formaction])")]);
    assert.equal(await page.getAttribute("#body_text", "aria-invalid"), "true");
    assert.match(await page.textContent("#body_text-error"), /line 2/);
    assert.equal(await page.locator(".snippet mark").count(), 1);

    // The wrong password (401) and the broken template (422) are answered with errors on purpose.
    assert.deepEqual(errors.filter((e) => !/status of (401|422)/.test(e)), [], "console errors");
    const foreign = requests.filter((u) => !u.startsWith(fx.base) && !u.startsWith("data:") && !u.startsWith("about:"));
    assert.deepEqual(foreign, [], "requests left the server");
    await context.close();
  });
}

test("accessibility of the admin pages on a tablet: no serious or critical axe violations", async () => {
  // axe is injected by the test, so this context lets it past the page's CSP.
  const { context, page } = await open({ viewport: TABLET, bypassCSP: true });
  await page.goto(`${fx.base}/admin/login`);
  await axe(page, "sign-in");
  await signIn(page, "en");
  for (const path of ["/admin", "/admin/orders", fx.order_path, "/admin/templates", "/admin/templates/delivered/en", "/admin/settings", "/admin/users", "/admin/queue", "/admin/mailbox", "/admin/account", "/admin/audit"]) {
    await page.goto(fx.base + path);
    await axe(page, path);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${path}: ${overflow}px wider than the tablet`);
  }
  await context.close();
});

test("signing out ends the session: back and reload show the sign-in page", async () => {
  const { context, page, errors } = await open();
  await signIn(page, "en");
  await Promise.all([page.waitForLoadState("load"), page.click("header form[action='/admin/logout'] button")]);
  assert.match(page.url(), /\/admin\/login/);
  await page.goto(`${fx.base}/admin/orders`);
  assert.match(page.url(), /\/admin\/login\?next=/);
  assert.deepEqual(errors, []);
  await context.close();
});
