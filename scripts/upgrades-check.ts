/**
 * `npm run upgrades:check`: OpenZeppelin's upgrade-safety validator over the current build. Fails (exit 1)
 * with the validator's message when a city contract has an unsafe construct or a storage layout that is not
 * compatible with its committed reference in `upgrades/layouts/` (a reordered, retyped or removed field), or
 * when a test implementation is not a safe upgrade of the contract it names in `@custom:oz-upgrades-from`.
 * `npm run upgrades:snapshot` writes the current layouts as the references (do it when a release is deployed,
 * and commit the files); `CITYCHAIN_CONTRACTS=LandRegistry,LandLiens npm run upgrades:snapshot` only those.
 * Runs under `hardhat run`, which builds first, so the check always sees the current sources.
 */
import {
  Build,
  checkCityContract,
  checkOtherContracts,
  upgradeableContracts,
  writeReferenceLayouts,
} from "../src/upgrades.js";

const build = new Build();
const contracts = upgradeableContracts();

if (process.env.CITYCHAIN_UPGRADES === "snapshot") {
  const only = process.env.CITYCHAIN_CONTRACTS;
  const chosen = only === undefined || only === "" ? contracts : only.split(",");
  for (const file of writeReferenceLayouts(build, chosen)) console.log(`wrote ${file}`);
} else {
  const verdicts = [
    ...contracts.map((contract) => checkCityContract(build, contract)),
    ...checkOtherContracts(build, contracts),
  ];
  for (const { contract, checkedAgainst, problems } of verdicts) {
    if (problems.length === 0) {
      console.log(`  ok   ${contract}: upgrade safe, layout compatible with ${checkedAgainst}`);
    } else {
      console.error(`  FAIL ${contract} (against ${checkedAgainst}):`);
      console.error(problems.map((p) => `    ${p.replaceAll("\n", "\n    ")}`).join("\n"));
    }
  }
  const failed = verdicts.filter((v) => v.problems.length > 0).length;
  console.log(`upgrade safety: ${verdicts.length} upgradeable contracts checked, ${failed} failing`);
  if (failed > 0) process.exitCode = 1;
}
