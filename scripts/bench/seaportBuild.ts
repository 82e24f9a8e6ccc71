import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";

import type { JsonFragment } from "ethers";

/**
 * Seaport 1.6 (npm `seaport-core`), built for the bench only, never by `hardhat build`: its 60 files would slow
 * every build, lint, coverage and test run, and its runtime code is over the EIP-170 limit without viaIR.
 *
 * Seaport's published build uses viaIR, on which solc fails here ("stack too deep"), so it is compiled with the
 * legacy pipeline by the project's own solc-js (the `solc` npm package hardhat.config.ts loads), through standard
 * JSON, with the optimizer runs of Seaport's own default (non-IR) foundry profile, 2^32 - 1. The output is cached
 * under `cache/seaport/`, keyed by the hash of the compiler version, the settings and every Seaport source, so only the
 * first bench run on a machine (or after a dependency update) pays the compilation.
 */

const require = createRequire(import.meta.url);

/** The contracts the bench deploys, by standard-JSON source unit. */
const TARGETS = {
  Seaport: "seaport-core/src/Seaport.sol",
  ConduitController: "seaport-core/src/conduit/ConduitController.sol",
} as const;

/** The project's EVM target, Seaport's optimizer runs (tuned for runtime gas); code generated for the targets only. */
export const SEAPORT_SETTINGS = {
  evmVersion: "cancun",
  optimizer: { enabled: true, runs: 4_294_967_295 },
  outputSelection: Object.fromEntries(
    Object.entries(TARGETS).map(([name, path]) => [
      path,
      { [name]: ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"] },
    ]),
  ),
};

export interface BuiltContract {
  abi: JsonFragment[];
  bytecode: string;
  /** Runtime code size in bytes (EIP-170 caps deployed code at 24,576). */
  runtimeSize: number;
}

export interface SeaportBuild {
  solc: string;
  key: string;
  contracts: Record<keyof typeof TARGETS, BuiltContract>;
  /** Compilation time in milliseconds, 0 when the cache answered. */
  compileMs: number;
}

/** The package directory of `name` (e.g. `seaport-core`) under node_modules. */
function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

function solidityFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".sol"))
    .map((f) => join(dir, f))
    .sort();
}

/** Every Seaport source, keyed by its import path (`seaport-core/src/...`, `seaport-types/src/...`). */
function seaportSources(): Record<string, { content: string }> {
  const sources: Record<string, { content: string }> = {};
  for (const pkg of ["seaport-core", "seaport-types"]) {
    const root = packageDir(pkg);
    for (const file of solidityFiles(join(root, "src")))
      sources[`${pkg}/${relative(root, file)}`] = { content: readFileSync(file, "utf8") };
  }
  return sources;
}

let memo: SeaportBuild | undefined;

/** Compiles Seaport and its ConduitController (or reads them from `cache/seaport/`). */
export function buildSeaport(cacheDir = "cache/seaport"): SeaportBuild {
  if (memo !== undefined) return memo;
  const solcVersion: string = require("solc/package.json").version;
  const all = seaportSources();
  const key = createHash("sha256")
    .update(JSON.stringify({ solc: solcVersion, settings: SEAPORT_SETTINGS, sources: all }))
    .digest("hex")
    .slice(0, 16);
  const cached = join(cacheDir, `${key}.json`);
  if (existsSync(cached)) {
    memo = { ...(JSON.parse(readFileSync(cached, "utf8")) as Omit<SeaportBuild, "compileMs">), compileMs: 0 };
    return memo;
  }
  const started = performance.now();
  const solc = require("solc") as { compile(input: string, callbacks?: object): string };
  // Only the two targets are given as sources: solc reads the files they import through the callback.
  const input = {
    language: "Solidity",
    sources: Object.fromEntries(Object.values(TARGETS).map((path) => [path, all[path]])),
    settings: SEAPORT_SETTINGS,
  };
  const findImports = (path: string) =>
    path in all ? { contents: all[path].content } : { error: `seaport bench build: ${path} not found` };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports })) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<string, Record<string, { abi: JsonFragment[]; evm: Record<string, { object: string }> }>>;
  };
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0)
    throw new Error(`seaport bench build failed:\n${errors.map((e) => e.formattedMessage).join("\n")}`);
  const contracts = {} as SeaportBuild["contracts"];
  for (const [name, path] of Object.entries(TARGETS) as [keyof typeof TARGETS, string][]) {
    const { abi, evm } = output.contracts[path][name];
    contracts[name] = {
      abi,
      bytecode: `0x${evm.bytecode.object}`,
      runtimeSize: evm.deployedBytecode.object.length / 2,
    };
  }
  const build = { solc: solcVersion, key, contracts };
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cached, JSON.stringify(build));
  memo = { ...build, compileMs: Math.round(performance.now() - started) };
  return memo;
}
