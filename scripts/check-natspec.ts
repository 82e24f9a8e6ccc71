/**
 * Lint step: every external or public function (and public state variable, whose getter is an external function)
 * of our contracts has NatSpec, its own or `@inheritdoc`. Reads solc's AST from Hardhat's build-info (run after
 * `hardhat build`), so it sees exactly what the compiler sees. Test mocks (`contracts/mocks/`) are exempt.
 * `npm run audit` builds its API reference from the same NatSpec.
 */
import { readFileSync } from "node:fs";

import { docText, isProjectSource, readSolcOutput } from "./audit/solc-output.js";

const { asts } = readSolcOutput();
const missing: string[] = [];
let checked = 0;
for (const [source, ast] of [...asts].sort(([a], [b]) => a.localeCompare(b))) {
  if (!isProjectSource(source)) continue;
  for (const contract of ast.nodes ?? []) {
    if (contract.nodeType !== "ContractDefinition") continue;
    for (const member of contract.nodes ?? []) {
      const isFunction =
        member.nodeType === "FunctionDefinition" &&
        member.kind === "function" &&
        (member.visibility === "external" || member.visibility === "public");
      const isGetter =
        member.nodeType === "VariableDeclaration" && member.stateVariable === true && member.visibility === "public";
      if (!isFunction && !isGetter) continue;
      checked++;
      if (docText(member) === "") {
        const line = lineOf(source, member.src);
        missing.push(`${source}:${line} ${contract.name}.${member.name}`);
      }
    }
  }
}

function lineOf(source: string, src: string | undefined): number {
  if (src === undefined) return 0;
  const start = Number(src.split(":")[0]);
  const text = readSourceCached(source);
  return text.slice(0, start).split("\n").length;
}

const cache = new Map<string, string>();
function readSourceCached(source: string): string {
  if (!cache.has(source)) cache.set(source, readFileSync(source, "utf8"));
  return cache.get(source)!;
}

if (missing.length > 0) {
  console.error(`natspec: ${missing.length} external/public function(s) without NatSpec (own or @inheritdoc):`);
  for (const m of missing) console.error(`  ${m}`);
  process.exitCode = 1;
} else {
  console.log(`natspec: all ${checked} external/public functions and getters of contracts/ have NatSpec`);
}
