import { createRequire } from "node:module";

import hardhatToolboxMochaEthers from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, defineConfig } from "hardhat/config";

// The compiler is the `solc` npm package pinned in package.json: hermetic and offline. Hardhat does not
// check that the configured version matches the loaded binary, so the version is read from the package.
const require = createRequire(import.meta.url);
const solcVersion: string = require("solc/package.json").version;
const solcPath: string = require.resolve("solc/soljson.js");
// EAS 1.9 pins `pragma solidity 0.8.29`; that exact compiler (npm alias `solc-0.8.29`) builds only the
// EAS reference contracts of the gas benchmark.
const easSolcVersion: string = require("solc-0.8.29/package.json").version;
const easSolcPath: string = require.resolve("solc-0.8.29/soljson.js");

const compilerSettings = {
  evmVersion: "cancun",
  optimizer: { enabled: true, runs: 200 },
  // Storage layouts, for OpenZeppelin's upgrade-safety validator (`npm run upgrades:check`).
  outputSelection: { "*": { "*": ["storageLayout"] } },
};

export default defineConfig({
  plugins: [hardhatToolboxMochaEthers],
  solidity: {
    // One EVM target (cancun), accepted by current public testnets and permissioned EVM networks.
    compilers: [
      { version: solcVersion, path: solcPath, settings: compilerSettings },
      { version: easSolcVersion, path: easSolcPath, settings: compilerSettings },
    ],
    npmFilesToBuild: [
      "@ethereum-attestation-service/eas-contracts/contracts/EAS.sol",
      "@ethereum-attestation-service/eas-contracts/contracts/SchemaRegistry.sol",
      // Every stateful city contract is deployed behind this proxy (UUPS; see contracts/common/CityService.sol).
      "@openzeppelin/contracts/proxy/ERC1967/ERC1967Proxy.sol",
    ],
  },
  paths: {
    sources: { solidity: ["./contracts", "./bench/contracts"] },
    ignition: "./deploy",
    // `npm run check` builds the instrumented coverage artifacts beside the plain ones (scripts/check.ts), in
    // their own directory, so the gas figures measured at the same time never run instrumented code.
    ...(process.env.CITYCHAIN_BUILD_DIR === undefined
      ? {}
      : {
          artifacts: `${process.env.CITYCHAIN_BUILD_DIR}/artifacts`,
          cache: `${process.env.CITYCHAIN_BUILD_DIR}/cache`,
        }),
  },
  typechain: {
    outDir: "./typechain-types",
  },
  test: {
    mocha: { timeout: 120_000 },
    solidity: {
      profiles: {
        default: {
          fuzz: { runs: 256, seed: "0x7c17c4a1" },
          invariant: { runs: 64, depth: 32, failOnRevert: false },
        },
        ci: {
          fuzz: { runs: 256, seed: "0x7c17c4a1" },
          invariant: { runs: 64, depth: 32, failOnRevert: false },
        },
        // `npm run test:deep` (and CI): the assurance profile of issue 7. These are minimums, not targets:
        // no suite may lower them (no per-suite overrides).
        deep: {
          fuzz: { runs: 10_000, seed: "0x7c17c4a1" },
          invariant: { runs: 1_000, depth: 100, failOnRevert: false },
        },
      },
    },
  },
  networks: {
    // The in-process network: 40 unlocked accounts, enough for the development cast (src/deploy.ts CAST). Osaka
    // (live on mainnet and public testnets) has EIP-7951's P256VERIFY precompile, which passkey assertions use
    // (contracts/identity/PasskeyRegistry.sol); it also caps a transaction at 2^24 gas (EIP-7825).
    default: { type: "edr-simulated", chainType: "l1", hardfork: "osaka", accounts: { count: 40 } },
    hardhatMainnet: { type: "edr-simulated", chainType: "l1" },
    localhost: { type: "http", chainType: "l1", url: "http://127.0.0.1:8545" },
    // A separate anvil node standing in for a private EVM network (see scripts/deploy-anvil.ts).
    anvil: { type: "http", chainType: "l1", url: process.env.CITYCHAIN_ANVIL_URL ?? "http://127.0.0.1:8546" },
    sepolia: {
      type: "http",
      chainType: "l1",
      url: configVariable("SEPOLIA_RPC_URL"),
      accounts: [configVariable("SEPOLIA_PRIVATE_KEY")],
    },
  },
});
