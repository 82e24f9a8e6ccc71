import { id } from "ethers";

import { allowanceId, carbonDocument, creditId } from "../../src/carbon.js";
import { AssuranceLevel, IdentityKind } from "../../src/identity.js";
import type { Budget } from "./types.js";
import { gasOf, type BenchSuite } from "./types.js";

const DAY = 86_400n;

/**
 * The carbon ledger, through the proxies. `carbon.issue_batch` is a steady-state issuance (the project and
 * vintage already issued once; the batch and the owner's balance of it are new). `carbon.retire` retires 10
 * credits of a batch the holder has retired from before (the usual case: a batch serves many retirements);
 * `carbon.retire_after_1000` is the same after 1,000 earlier retirements of the batch (O(1): per-batch cursor).
 * `carbon.retire_for_other_beneficiary` names another identity (one more registry read).
 * `carbon.surrender` is an emitter surrendering allowances; `carbon.surrender_offsets` eligible credits.
 */
export const carbonSuite: BenchSuite = async ({ connection, city }) => {
  const { networkHelpers } = connection;
  const { identity, carbonCredits, emissionsRegister, accounts } = city;
  const { registrar, carbonVerifier, regulator, alice, bob } = accounts;
  const ops: Record<string, bigint> = {};
  const now = BigInt(await networkHelpers.time.latest());

  const register = async (signer: typeof alice, kind: number, label: string) => {
    await (
      await identity
        .connect(registrar)
        .register(
          kind,
          AssuranceLevel.BIOMETRIC,
          id(`subject ${label}`),
          id(`record ${label}`),
          now + 3650n * DAY,
          signer.address,
        )
    ).wait();
    return identity.identityOf(signer.address);
  };
  const factory = await register(alice, IdentityKind.Business, "factory");
  const solar = await register(bob, IdentityKind.Business, "solar");
  await register(carbonVerifier, IdentityKind.Official, "verifier");

  const regulatorCredits = carbonCredits.connect(regulator);
  const verifierCredits = carbonCredits.connect(carbonVerifier);
  ops["carbon.register_project"] = await gasOf(regulatorCredits.registerProject(solar, carbonDocument("solar PDD")));
  ops["carbon.set_vintage_cap"] = await gasOf(regulatorCredits.setVintageCap(1n, 2026, 1_000_000n));
  await (await regulatorCredits.setProjectEligibility(1n, true)).wait();
  ops["carbon.issue_batch_first"] = await gasOf(
    verifierCredits.issueBatch(1n, 2026, 1n, 10_000n, carbonDocument("verification 1")),
  );
  ops["carbon.issue_batch"] = await gasOf(
    verifierCredits.issueBatch(1n, 2026, 10_001n, 50_000n, carbonDocument("verification 2")),
  );
  const batch = creditId(1n, 2026, 2);
  const solarCredits = carbonCredits.connect(bob);
  ops["carbon.transfer"] = await gasOf(solarCredits.safeTransferFrom(bob.address, alice.address, batch, 5_000n, "0x"));
  ops["carbon.retire_first"] = await gasOf(solarCredits.retire(solar, batch, 10n, solar, "2026 operations"));
  ops["carbon.retire"] = await gasOf(solarCredits.retire(solar, batch, 10n, solar, "2026 operations"));
  ops["carbon.retire_for_other_beneficiary"] = await gasOf(
    solarCredits.retire(solar, batch, 10n, factory, "the factory's 2026 scope 3"),
  );
  for (let i = 0; i < 1_000; i++) await (await solarCredits.retire(solar, batch, 1n, solar, "filler")).wait();
  ops["carbon.retire_after_1000"] = await gasOf(solarCredits.retire(solar, batch, 10n, solar, "2026 operations"));
  ops["carbon.cancel"] = await gasOf(verifierCredits.cancel(batch, solar, 10n, "reversal"));

  const deadline = BigInt(await networkHelpers.time.latest()) + 90n * DAY;
  ops["carbon.open_period"] = await gasOf(
    emissionsRegister.connect(regulator).openPeriod(deadline, 1_000_000n, 2_000, 100n * 10n ** 18n),
  );
  ops["carbon.allocate"] = await gasOf(regulatorCredits.allocate(1n, factory, 8_000n));
  ops["carbon.record_emissions"] = await gasOf(
    emissionsRegister.connect(carbonVerifier).recordEmissions(factory, 1n, 10_000n, carbonDocument("MRV 2026")),
  );
  ops["carbon.correct_emissions"] = await gasOf(
    emissionsRegister
      .connect(carbonVerifier)
      .correctEmissions(factory, 1n, 10_500n, carbonDocument("MRV 2026 v2"), "meter 7 recalibrated"),
  );
  const factoryRegister = emissionsRegister.connect(alice);
  await (await factoryRegister.surrender(1n, allowanceId(1n), 1_000n)).wait();
  ops["carbon.surrender"] = await gasOf(factoryRegister.surrender(1n, allowanceId(1n), 7_000n));
  ops["carbon.surrender_offsets"] = await gasOf(factoryRegister.surrender(1n, batch, 2_000n));
  await networkHelpers.time.increaseTo(deadline + 1n);
  ops["carbon.settle"] = await gasOf(emissionsRegister.settle(factory, 1n));
  return ops;
};

/** Issue 9's budgets: requirements, measured through the proxies. */
export const carbonBudgets: Budget[] = [
  { operation: "carbon.issue_batch", atMost: 2.5, of: "ref.erc1155.mint" },
  { operation: "carbon.retire", atMost: 3, of: "ref.erc1155.burn" },
  { operation: "carbon.retire_after_1000", withinPercent: 2, of: "carbon.retire" },
];
