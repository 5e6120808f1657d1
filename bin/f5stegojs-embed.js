#!/usr/bin/env node
// Embeds a fresh random message into every JPEG cover of a folder with the npm package f5stegojs (F5 with matrix
// encoding, in the luminance's coefficients; the JPEG is decoded to coefficients and re-encoded, no pixel round trip),
// then reads it back to check it. Used by bin/stego-known-tools; f5stegojs is found through NODE_PATH.
//
// Usage: NODE_PATH=DIR/node_modules node bin/f5stegojs-embed.js COVERS_DIR STEGO_DIR MESSAGE_BYTES PASSWORD
// Prints one summary line; covers whose capacity is too small for the message are listed on stderr and skipped.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const F5 = require('f5stegojs');

const [covers, stegos, bytesArg, password] = process.argv.slice(2);
const bytes = Number(bytesArg);
if (!covers || !stegos || !password || !Number.isInteger(bytes) || bytes < 1) {
  console.error('usage: node f5stegojs-embed.js COVERS_DIR STEGO_DIR MESSAGE_BYTES PASSWORD');
  process.exit(2);
}
const key = Buffer.from(password, 'utf8');
fs.mkdirSync(stegos, { recursive: true });
let made = 0, kept = 0, refused = 0, changed = 0, kSum = 0;
for (const name of fs.readdirSync(covers).filter(n => /\.jpe?g$/i.test(n)).sort()) {
  const out = path.join(stegos, name);
  if (fs.existsSync(out)) { kept++; continue; }
  const message = crypto.randomBytes(bytes);
  let stego, stats;
  try {
    const f5 = new F5(key);
    f5.parse(fs.readFileSync(path.join(covers, name)));
    stats = f5.f5put(message);
    stego = Buffer.from(f5.pack());
  } catch (e) {
    console.error(name + ': ' + e + ', skipped');
    refused++;
    continue;
  }
  const check = new F5(key);
  check.parse(stego);
  const back = Buffer.from(check.f5get());
  if (!back.equals(message)) {
    console.error(name + ': the message read back differs; f5stegojs failed');
    process.exit(1);
  }
  const tmp = out + '.tmp';
  fs.writeFileSync(tmp, stego);
  fs.renameSync(tmp, out);
  made++; changed += stats.changed; kSum += stats.k;
}
console.log('f5stegojs: ' + made + ' stego images made (' + kept + ' already there), ' + refused
  + ' covers refused (capacity below ' + bytes + ' bytes)'
  + (made ? '; mean matrix-encoding k ' + (kSum / made).toFixed(2) + ', mean ' + (changed / made).toFixed(1)
    + ' coefficients changed' : '') + '; every message read back');
