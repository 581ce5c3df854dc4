// Runs axe-core over a built site, served over HTTP from this process, in
// headless Chromium. Usage: node axe.mjs DIR. Exits 1 on any violation or
// script error. One page of each type (and the filters and search in use)
// is checked in the light and the dark scheme; AXE_ALL=1 checks every page.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import AxeBuilder from "@axe-core/playwright";

const root = path.resolve(process.argv[2] || "public");
const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
const types = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml" };

const server = http.createServer((req, res) => {
  let p = decodeURIComponent(new URL(req.url, "http://x").pathname);
  if (p.endsWith("/")) p += "index.html";
  const f = path.join(root, path.normalize(p));
  if (!f.startsWith(root) || !fs.existsSync(f) || fs.statSync(f).isDirectory()) {
    res.writeHead(404, { "content-type": types[".html"] });
    res.end(fs.readFileSync(path.join(root, "404.html")));
    return;
  }
  res.writeHead(200, { "content-type": types[path.extname(f)] || "application/octet-stream" });
  res.end(fs.readFileSync(f));
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}`;

function pages(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const f = path.join(dir, e.name);
    if (e.isDirectory()) pages(f, out);
    else if (e.name.endsWith(".html")) out.push("/" + path.relative(root, f).replace(/index\.html$/, "").split(path.sep).join("/"));
  }
  return out.sort();
}

const all = pages(root);
// One of each page type, for the dark scheme and the scripted states.
const kinds = new Map();
for (const p of all) {
  const k = p.split("/").filter(Boolean).length > 1 ? p.split("/")[1] + "/x" : p;
  if (!kinds.has(k)) kinds.set(k, p);
}
const extra = [...kinds.values()];
extra.push("/search/?q=kallas", "/timeline/2025/?actor=kaja-kallas", "/events/?status=scheduled", "/no-such-page/");

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
let violations = 0;
const pagesByScheme = {};
const errors = [];
async function pageFor(scheme) {
  if (!pagesByScheme[scheme]) {
    const ctx = await browser.newContext({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    pagesByScheme[scheme] = page;
  }
  return pagesByScheme[scheme];
}
async function check(url, scheme) {
  const page = await pageFor(scheme);
  errors.length = 0;
  const res = await page.goto(base + url, { waitUntil: "load" });
  if (url.includes("?q=")) await page.waitForSelector("#search-results li", { timeout: 5000 });
  if (res.status() === 404 && url !== "/no-such-page/") errors.push("HTTP 404 " + url);
  if (url === "/no-such-page/") errors.length = 0; // the browser logs the 404 itself
  const r = await new AxeBuilder({ page }).withTags(tags).analyze();
  for (const v of r.violations) {
    violations += v.nodes.length;
    console.log(`${url} [${scheme}] ${v.id} (${v.impact}): ${v.help}`);
    for (const n of v.nodes.slice(0, 5)) console.log(`    ${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`);
  }
  for (const e of errors) {
    violations++;
    console.log(`${url} [${scheme}] script error: ${e}`);
  }
}
const light = process.env.AXE_ALL === "1" ? [...all, ...extra.slice(-4)] : extra;
for (const p of light) await check(p, "light");
for (const p of extra) await check(p, "dark");
await browser.close();
server.close();
console.log(`axe: ${light.length} pages in the light scheme, ${extra.length} in the dark, ${violations} violations`);
process.exit(violations ? 1 : 0);
