#!/usr/bin/env node
/* Write the base map's style layers (peaceops/web/basemap/layers.json) from the Protomaps basemap style,
 * npm package `@protomaps/basemaps` (BSD-3-Clause), flavour "light", labels in English (PeaceOps puts the
 * user's language in at serve time: peaceops/web/basemap/style.py). Run when updating that package:
 *
 *   cd /tmp && npm pack @protomaps/basemaps@5.7.2 && tar xzf protomaps-basemaps-5.7.2.tgz
 *   node scripts/basemap-layers.cjs /tmp/package > peaceops/web/basemap/layers.json
 *
 * Labels use the one font PeaceOps ships as glyphs (scripts/build-glyphs, "DejaVu Sans Book").
 */
"use strict";
const path = require("path");
const pkg = process.argv[2];
if (!pkg) { console.error("usage: basemap-layers.cjs PATH-TO-@protomaps/basemaps-PACKAGE"); process.exit(2); }
const basemaps = require(path.resolve(pkg, "dist/cjs/index.cjs"));
const version = require(path.resolve(pkg, "package.json")).version;
const FONT = "DejaVu Sans Book";
const flavor = Object.assign({}, basemaps.namedFlavor("light"), { regular: FONT, bold: FONT, italic: FONT });
const layers = basemaps.layers("protomaps", flavor, { lang: "en" });
process.stdout.write(JSON.stringify({ generator: "@protomaps/basemaps " + version + " (BSD-3-Clause), flavour light",
  layers: layers }, null, 1) + "\n");
