/**
 * Lint step: every external or public function (and public state variable, whose getter is an external function)
 * of our contracts has NatSpec, its own or `@inheritdoc`. Reads solc's AST from Hardhat's build-info (run after
 * `hardhat build`), so it sees exactly what the compiler sees. Test mocks (`contracts/mocks/`) are exempt.
 * `npm run audit` builds its API reference from the same NatSpec.
 */
import { readFileSync } from "node:fs";

import { undocumented } from "./audit/natspec.js";
import { readSolcOutput } from "./audit/solc-output.js";

const { checked, missing } = undocumented(readSolcOutput().asts);
if (missing.length > 0) {
  console.error(`natspec: ${missing.length} external/public function(s) without NatSpec (own or @inheritdoc):`);
  for (const m of missing) {
    const line = readFileSync(m.source, "utf8")
      .slice(0, Number(m.src.split(":")[0]))
      .split("\n").length;
    console.error(`  ${m.source}:${line} ${m.contract}.${m.name}`);
  }
  process.exitCode = 1;
} else {
  console.log(`natspec: all ${checked} external/public functions and getters of contracts/ have NatSpec`);
}
