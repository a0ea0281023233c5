/*
 * check_site.js — loads every page of a rendered site in headless Chromium
 * and prints TAP:
 *
 *   node check_site.js SITE_DIR SHOT_DIR
 *
 * For each page: no console error, no uncaught exception, no failed load,
 * no request leaving file:// (no CDN, no web font, nothing remote), every
 * href/src resolving to a file that exists (and every #fragment to an id on
 * its page), no serious or critical axe-core violation (WCAG 2.1 A/AA and
 * best practices), and a full-page screenshot in SHOT_DIR.  On the Spanish
 * home page it also checks keyboard use: the skip link is the first Tab
 * stop and moves focus to <main>, sortable headers are buttons, and Enter
 * on one sorts its table.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { fileURLToPath, pathToFileURL } = require('url');
const { chromium } = require('playwright-core');
const axe = require('axe-core');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
               '--disable-component-update', '--disable-sync', '--no-first-run'];

let n = 0;
let failed = 0;
function ok(cond, name, detail) {
  n++;
  if (!cond) failed++;
  console.log(`${cond ? 'ok' : 'not ok'} ${n} - ${name}`);
  if (!cond && detail) for (const line of String(detail).split('\n')) console.log(`#   ${line}`);
}

function htmlFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...htmlFiles(p));
    else if (e.name.endsWith('.html')) out.push(p);
  }
  return out.sort();
}

/* Every link and resource of the page, resolved by the browser. */
async function references(page) {
  return page.evaluate(() => {
    const refs = [];
    for (const el of document.querySelectorAll('[href], [src]')) {
      const attr = el.hasAttribute('href') ? 'href' : 'src';
      const raw = el.getAttribute(attr);
      const abs = new URL(raw, document.baseURI).href;
      refs.push({ tag: el.tagName.toLowerCase(), raw, abs });
    }
    return refs;
  });
}

async function checkLinks(page, file, rel) {
  const problems = [];
  const ids = new Set(await page.evaluate(() => Array.from(document.querySelectorAll('[id]'), (e) => e.id)));
  for (const r of await references(page)) {
    if (r.abs.startsWith('data:')) continue;
    if (!r.abs.startsWith('file:')) {
      problems.push(`${r.tag} ${r.raw}: not a local file`);
      continue;
    }
    const u = new URL(r.abs);
    const target = fileURLToPath(u.href.split('#')[0]);
    if (!fs.existsSync(target) || !fs.statSync(target).isFile()) {
      problems.push(`${r.tag} ${r.raw}: ${target} does not exist`);
      continue;
    }
    if (u.hash && path.resolve(target) === path.resolve(file) && !ids.has(decodeURIComponent(u.hash.slice(1))))
      problems.push(`${r.tag} ${r.raw}: no element with that id`);
  }
  ok(problems.length === 0, `${rel}: every href/src resolves to an existing file`, problems.join('\n'));
}

async function checkAxe(page, rel) {
  await page.addScriptTag({ content: axe.source });
  /* preload: false, or axe fetches the stylesheets with XHR, which file://
     refuses (a console error of the checker, not of the site) */
  const res = await page.evaluate(() => window.axe.run(document, {
    preload: false,
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of res.violations.filter((x) => !bad.includes(x)))
    console.log(`# ${rel}: axe ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} nodes)`);
  ok(bad.length === 0, `${rel}: no serious or critical axe-core violation (${res.passes.length} rules pass)`,
     bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.slice(0, 3).map((x) => x.target.join(' ')).join('\n  ')}`).join('\n'));
}

/* Keyboard: skip link first, then a sortable header operated with Enter. */
async function checkKeyboard(page, rel) {
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const a = document.activeElement;
    const r = a.getBoundingClientRect();
    return { cls: a.className, text: a.textContent, visible: r.left >= 0 && r.width > 0 };
  });
  ok(first.cls === 'saltar' && first.visible, `${rel}: first Tab stop is the visible skip link`,
     JSON.stringify(first));
  await page.keyboard.press('Enter');
  const target = await page.evaluate(() => document.activeElement.id);
  ok(target === 'contenido', `${rel}: the skip link moves focus to <main>`, `focus on #${target}`);

  const heads = await page.evaluate(() => {
    const t = document.querySelector('table.ordenable');
    return Array.from(t.tHead.rows[0].cells, (th) => ({
      sortable: th.hasAttribute('data-orden'),
      button: !!th.querySelector('button[type=button]'),
      text: th.textContent.trim(),
    }));
  });
  ok(heads.length > 0 && heads.every((h) => h.sortable === h.button),
     `${rel}: every sortable header holds a button`, JSON.stringify(heads));

  const firstRow = () => page.evaluate(() => {
    const t = document.querySelector('table.ordenable');
    return t.tBodies[0].rows[0].cells[1].textContent.trim();
  });
  const sortState = () => page.evaluate(() => {
    const t = document.querySelector('table.ordenable');
    return Array.from(t.tHead.rows[0].cells, (th) => th.getAttribute('aria-sort'));
  });
  const before = await firstRow();
  /* the score column (third) with the keyboard: focus its button, Enter */
  await page.focus('table.ordenable thead th:nth-child(3) button');
  await page.keyboard.press('Enter');
  const asc = await firstRow();
  const s1 = await sortState();
  await page.keyboard.press('Enter');
  const desc = await firstRow();
  const s2 = await sortState();
  ok(s1[2] === 'ascending' && s1[0] === null && s2[2] === 'descending',
     `${rel}: aria-sort follows the sorted column`, JSON.stringify([s1, s2]));
  ok(asc !== before && desc === before,
     `${rel}: Enter on the score header sorts lowest first, again highest first`,
     `before "${before}", ascending "${asc}", descending "${desc}"`);
}

async function main() {
  const [siteDir, shotDir] = process.argv.slice(2);
  if (!siteDir || !shotDir) {
    console.log('Bail out! usage: check_site.js SITE_DIR SHOT_DIR');
    process.exit(1);
  }
  fs.mkdirSync(shotDir, { recursive: true });
  const files = htmlFiles(path.resolve(siteDir));
  ok(files.length > 0, `found ${files.length} pages under ${siteDir}`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    for (const file of files) {
      const rel = path.relative(siteDir, file);
      const page = await context.newPage();
      const errors = [];
      const remote = [];
      page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
      page.on('pageerror', (e) => errors.push(`exception: ${e.message}`));
      page.on('requestfailed', (r) => errors.push(`failed: ${r.url()} ${r.failure() && r.failure().errorText}`));
      page.on('request', (r) => {
        const u = r.url();
        if (!u.startsWith('file:') && !u.startsWith('data:')) remote.push(u);
      });
      const resp = await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      ok(resp === null || resp.ok(), `${rel}: loads`);
      await checkLinks(page, file, rel);
      await checkAxe(page, rel);
      ok(errors.length === 0, `${rel}: no console errors`, errors.join('\n'));
      ok(remote.length === 0, `${rel}: no request outside file://`, remote.join('\n'));
      const shot = path.join(shotDir, rel.replace(/[\\/]/g, '-').replace(/\.html$/, '.png'));
      await page.screenshot({ path: shot, fullPage: true });
      ok(fs.statSync(shot).size > 0, `${rel}: screenshot ${shot}`);
      if (rel === path.join('es', 'index.html'))
        await checkKeyboard(page, rel);
      await page.close();
    }
    /* a phone: 390 px wide, the page itself never scrolls sideways (a wide
       table scrolls in its own box) and axe still passes */
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
    for (const file of files) {
      const rel = path.relative(siteDir, file);
      const page = await phone.newPage();
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      const w = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      ok(w[0] <= w[1], `${rel} at 390 px: no horizontal overflow of the page (${w[0]} of ${w[1]} px)`);
      await checkAxe(page, `${rel} at 390 px`);
      await page.close();
    }
  } finally {
    await browser.close();
  }
  console.log(`1..${n}`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.log(`Bail out! ${e && e.stack ? e.stack.split('\n')[0] : e}`);
  process.exit(1);
});
