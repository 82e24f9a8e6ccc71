#!/usr/bin/env node
// A native-solc look-alike for Foundry (`solc = "scripts/foundry/solc.cjs"` in foundry.toml): there is no native
// solc on these machines and no download, so forge is given the project's own compiler, solc-js from npm (the
// same 0.8.37 Hardhat uses). It answers `--version` and compiles `--standard-json` from stdin to stdout; other
// flags forge passes (--allow-paths, --base-path, --include-path) set where imports are read from.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const solc = require("solc");

const args = process.argv.slice(2);
if (args.includes("--version") || args.includes("-v")) {
  const version = solc.version().replace(/\.Emscripten\.clang$/, ".Linux.g++");
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${version}\n`);
  process.exit(0);
}
if (!args.includes("--standard-json")) {
  process.stderr.write(`solc.cjs (solc-js ${solc.version()}): only --version and --standard-json are supported\n`);
  process.exit(1);
}
const roots = [process.cwd()];
for (let i = 0; i < args.length; i++) {
  if (["--base-path", "--include-path", "--allow-paths"].includes(args[i]) && args[i + 1] !== undefined)
    roots.push(...args[i + 1].split(","));
}
const chunks = [];
process.stdin.on("data", (c) => chunks.push(c));
process.stdin.on("end", () => {
  const input = Buffer.concat(chunks).toString("utf8");
  const findImports = (file) => {
    for (const root of roots) {
      const candidate = path.resolve(root, file);
      if (fs.existsSync(candidate)) return { contents: fs.readFileSync(candidate, "utf8") };
    }
    return { error: `File not found: ${file}` };
  };
  process.stdout.write(solc.compile(input, { import: findImports }));
});
