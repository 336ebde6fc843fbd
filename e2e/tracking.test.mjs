// The buyer's tracking page in a real browser: Debian's Chromium driven by playwright-core.
// Started by crates/server/tests/it/browser.rs, which serves aftercare on a loopback port, creates
// the orders and writes what they are into the file named by E2E_FIXTURE. Screenshots go to
// E2E_ARTIFACTS (kept as CI artifacts, not in git).
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

const PHONE = { width: 390, height: 844 };
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

// A phone-sized page that records console errors and every request it makes.
async function open(opts = {}) {
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, ...opts });
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => requests.push(r.url()));
  return { context, page, errors, requests };
}

function onlyOurServer(requests) {
  const foreign = requests.filter((u) => !u.startsWith(fx.base) && !u.startsWith("data:"));
  assert.deepEqual(foreign, [], "requests left the server");
}

async function api(method, path, body) {
  const r = await fetch(fx.base + path, {
    method,
    headers: { authorization: `Bearer ${fx.api_key}`, "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  assert.ok(r.ok, `${method} ${path}: ${r.status} ${text}`);
  return JSON.parse(text);
}

test("the page in each language, on a phone, without console errors or foreign requests", async () => {
  for (const p of fx.pages) {
    const { context, page, errors, requests } = await open();
    const resp = await page.goto(fx.base + p.path);
    assert.equal(resp.status(), 200);
    assert.equal(await page.getAttribute("html", "lang"), p.lang);
    assert.equal((await page.textContent("h1")).trim(), p.headline, `${p.lang} headline`);
    // The bar: five steps, one of them current, labelled for screen readers.
    assert.equal(await page.locator(".bar li").count(), 5);
    assert.equal(await page.locator('.bar li[aria-current="step"]').count(), 1);
    // Fits the phone: nothing wider than the screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${p.lang}: ${overflow}px wider than the phone`);
    await page.screenshot({ path: join(artifacts, `tracking-${p.lang}.png`), fullPage: true });
    assert.deepEqual(errors, [], `${p.lang}: console errors`);
    onlyOurServer(requests);
    await context.close();
  }
});

test("the countdown ticks in the browser without reloading", async () => {
  const { context, page, errors } = await open();
  await page.clock.install();
  await page.goto(fx.base + fx.countdown.path);
  const cd = page.locator('.countdown[data-kind="arrive"] .cd');
  const first = (await cd.textContent()).trim();
  assert.ok(first.length > 0);
  await page.clock.fastForward("02:00:00");
  await page.waitForFunction((before) => document.querySelector('.countdown[data-kind="arrive"] .cd').textContent.trim() !== before, first);
  const later = (await cd.textContent()).trim();
  assert.notEqual(later, first, "the countdown moved");
  assert.match(later, /\d/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a parcel goes from shipped to delivered while the page is open", async () => {
  const { context, page, errors, requests } = await open();
  await page.clock.install();
  await page.goto(fx.base + fx.live.path);
  const h1 = () => page.textContent("h1").then((t) => t.trim());
  assert.equal(await h1(), fx.live.headlines.shipped);
  const current = () => page.locator('.bar li[aria-current="step"] .name').textContent();
  const steps = [
    ["OutForDelivery", fx.live.headlines.out_for_delivery, 3],
    ["Delivered", fx.live.headlines.delivered, 4],
  ];
  for (const [tag, headline, index] of steps) {
    await api("POST", `/api/v1/shipments/${fx.live.shipment_id}/events`, { tag, occurred_at: new Date().toISOString() });
    // The page asks the server every 15 s; jump the browser's clock instead of waiting.
    await page.clock.fastForward(16000);
    await page.waitForFunction((want) => document.querySelector("h1").textContent.trim() === want, headline, { timeout: 10000 });
    assert.equal(await h1(), headline);
    const stepNames = await page.locator(".bar li .name").allTextContents();
    assert.equal((await current()).trim(), stepNames[index]);
    await page.screenshot({ path: join(artifacts, `live-${tag}.png`), fullPage: true });
  }
  assert.deepEqual(errors, []);
  onlyOurServer(requests);
  await context.close();
});

test("a locker parcel: big pickup code with a working copy button and the collect-by countdown", async () => {
  const { context, page, errors } = await open();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: fx.base });
  await page.goto(fx.base + fx.locker.path);
  assert.equal((await page.textContent(".code-value")).trim(), fx.locker.code);
  assert.ok(await page.isVisible(".countdown[data-kind=collect]"));
  const copy = page.locator("button.copy");
  assert.ok(await copy.isVisible(), "the copy button shows when the script runs");
  await copy.click();
  await page.waitForFunction(() => {
    const b = document.querySelector("button.copy");
    return b.textContent === b.dataset.done;
  });
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), fx.locker.code);
  await page.screenshot({ path: join(artifacts, "locker.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test("the page works without JavaScript", async () => {
  const { context, page } = await open({ javaScriptEnabled: false });
  await page.goto(fx.base + fx.countdown.path);
  const text = (await page.textContent('.countdown[data-kind="arrive"] .cd')).trim();
  assert.match(text, /\d/, "the countdown has its text from the server");
  assert.equal(await page.locator("button.copy:visible").count(), 0);
  await context.close();
});

test("lookup: right pair, wrong pair, then the rate limit", async () => {
  const { context, page, errors } = await open();
  await page.goto(`${fx.base}/track?shop=${fx.lookup.shop}&lang=en`);
  await page.fill("#order", fx.lookup.order);
  await page.fill("#contact", fx.lookup.email);
  await Promise.all([page.waitForURL(/\/t\/[A-Za-z0-9_-]{22}/), page.click("button[type=submit]")]);
  assert.equal(new URL(page.url()).pathname, fx.lookup.path);

  await page.goto(`${fx.base}/track?shop=${fx.lookup.shop}&lang=en`);
  await page.fill("#order", fx.lookup.order);
  await page.fill("#contact", "someone.else@example.com");
  await page.click("button[type=submit]");
  await page.waitForSelector("[role=alert]");
  assert.match(await page.textContent("[role=alert]"), /could not find/i);
  assert.equal(await page.inputValue("#order"), fx.lookup.order, "the number stays in the form");

  let status = 0;
  for (let i = 0; i < 6 && status !== 429; i++) {
    await page.fill("#contact", `guess${i}@example.com`);
    const [resp] = await Promise.all([page.waitForResponse((r) => r.url().endsWith("/track") && r.request().method() === "POST"), page.click("button[type=submit]")]);
    status = resp.status();
  }
  assert.equal(status, 429);
  assert.match(await page.textContent("[role=alert]"), /too many attempts/i);
  await page.screenshot({ path: join(artifacts, "lookup-limited.png"), fullPage: true });
  assert.deepEqual(errors.filter((e) => !/429|Too Many/i.test(e)), []);
  await context.close();
});

test("accessibility: no serious or critical axe violations", async () => {
  const targets = [fx.pages[0].path, fx.pages[1].path, fx.locker.path, `/track?shop=${fx.lookup.shop}`, fx.pages[0].path.replace(/\?.*/, "") + "/contact"];
  for (const path of targets) {
    // axe is injected by the test, so this context lets it past the page's CSP.
    const { context, page } = await open({ bypassCSP: true });
    await page.goto(fx.base + path);
    await page.evaluate(axeSource);
    const result = await page.evaluate(() => window.axe.run(document, { runOnly: ["wcag2a", "wcag2aa", "wcag21aa", "best-practice"] }));
    const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`), [], path);
    await context.close();
  }
});
