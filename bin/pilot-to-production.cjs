#!/usr/bin/env node
"use strict";
const path = require("node:path");
const fs = require("node:fs");
const bundle = path.join(__dirname, "..", "dist", "cli.cjs");
if (!fs.existsSync(bundle)) {
  process.stderr.write("pilot-to-production is not built yet: run `npm install` (or `npm run build`) in the repository first.\n");
  process.exit(2);
}
require(bundle);
