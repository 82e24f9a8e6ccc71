import { formatEther, id, parseEther } from "ethers";

import { allowanceId, carbonDocument, certificateId, creditId, RecordStatus } from "../../src/carbon.js";
import { DocumentScheme } from "../../src/documents.js";
import { AssuranceLevel, IdentityKind } from "../../src/identity.js";
import type { Chapter } from "./narrator.js";

const DAY = 86_400n;
const t = (n: bigint) => `${n.toLocaleString("en-US")} t`;
const hex = (n: bigint) => `0x${n.toString(16)}`;
const city$ = (wei: bigint) => `${Number(formatEther(wei)).toLocaleString("en-US")} CITY`;

/**
 * The carbon ledger: a cement works reports verified emissions, buys allowances from a steelworks and offset
 * credits from a solar park, surrenders them by the deadline and retires more credits with a certificate of the
 * exact serials; after the deadline the city settles every record and shows who complied and who pays a penalty.
 */
export const carbonChapter: Chapter = async ({ connection, city, say }) => {
  const { ethers, networkHelpers } = connection;
  const { identity, carbonCredits, emissionsRegister, token, accounts } = city;
  const { registrar, regulator, carbonVerifier, treasurer, mallory } = accounts;
  const signers = await ethers.getSigners();
  const [cement, steel, solar] = [signers[21], signers[22], signers[23]];

  say.title("4. Carbon ledger");
  say.line("The registrar registers the carbon verifier and three companies; rights belong to their identity ids.");
  const validUntil = BigInt(await networkHelpers.time.latest()) + 3650n * DAY;
  const register = async (label: string, wallet: string, kind: number) => {
    await say.tx(
      `registrar: register ${label}`,
      identity
        .connect(registrar)
        .register(
          kind,
          AssuranceLevel.ONE_TIME_CODE,
          id(`subject ${label}`),
          id(`record ${label}`),
          validUntil,
          wallet,
        ),
    );
    return identity.identityOf(wallet);
  };
  const verifierId = await register("the carbon verifier (official)", carbonVerifier.address, IdentityKind.Official);
  const cementId = await register("Rhine Cement Works (business)", cement.address, IdentityKind.Business);
  const steelId = await register("Harbor Steel (business)", steel.address, IdentityKind.Business);
  const solarId = await register("Sunfield Solar (business)", solar.address, IdentityKind.Business);

  say.line(
    "The regulator opens reporting period 2026: cap 20,000 allowances, offsets up to 10 %, 100 CITY per tonne short.",
  );
  const deadline = BigInt(await networkHelpers.time.latest()) + 120n * DAY;
  const regulatorRegister = emissionsRegister.connect(regulator);
  const regulatorCredits = carbonCredits.connect(regulator);
  await say.tx(
    "regulator: openPeriod(2026, cap 20,000, offsets 10 %, penalty 100 CITY/t)",
    regulatorRegister.openPeriod(deadline, 20_000n, 1_000, parseEther("100")),
  );
  await say.tx(
    "regulator: registerProject(Sunfield Solar, project design document)",
    regulatorCredits.registerProject(solarId, carbonDocument("Sunfield PDD")),
  );
  await say.tx("regulator: setVintageCap(project 1, 2026, 50,000)", regulatorCredits.setVintageCap(1n, 2026, 50_000n));
  await say.tx(
    "regulator: setProjectEligibility(project 1, eligible)",
    regulatorCredits.setProjectEligibility(1n, true),
  );
  const verifierCredits = carbonCredits.connect(carbonVerifier);
  await say.tx(
    "verifier: issueBatch(project 1, 2026, serials 1..5,000, verification report)",
    verifierCredits.issueBatch(1n, 2026, 1n, 5_000n, carbonDocument("Sunfield verification 2026-Q1")),
  );
  const batch = creditId(1n, 2026, 1);
  await say.refused(
    "verifier: issueBatch(project 1, serials 4,001..6,000): overlaps the first range",
    verifierCredits.issueBatch(1n, 2026, 4_001n, 2_000n, carbonDocument("duplicate")),
    carbonCredits,
  );
  await say.tx(
    "regulator: allocate 8,000 allowances of 2026 to Rhine Cement",
    regulatorCredits.allocate(1n, cementId, 8_000n),
  );
  await say.tx(
    "regulator: allocate 4,000 allowances of 2026 to Harbor Steel",
    regulatorCredits.allocate(1n, steelId, 4_000n),
  );

  say.line("The verifier records verified emissions with a commitment to each MRV report (sensor data, audit).");
  const verifierRegister = emissionsRegister.connect(carbonVerifier);
  const mrv = (label: string) => carbonDocument(label, DocumentScheme.AES_256_GCM);
  await say.tx(
    "verifier: recordEmissions(Rhine Cement, 2026, 9,500 t)",
    verifierRegister.recordEmissions(cementId, 1n, 9_500n, mrv("cement MRV 2026")),
  );
  await say.tx(
    "verifier: correctEmissions(Rhine Cement, 2026, 9,200 t, 'kiln meter recalibrated')",
    verifierRegister.correctEmissions(cementId, 1n, 9_200n, mrv("cement MRV 2026 v2"), "kiln meter recalibrated"),
  );
  await say.tx(
    "verifier: recordEmissions(Harbor Steel, 2026, 5,000 t)",
    verifierRegister.recordEmissions(steelId, 1n, 5_000n, mrv("steel MRV 2026")),
  );
  await say.refused(
    "mallory: recordEmissions(Rhine Cement, 2026, 1 t)",
    emissionsRegister.connect(mallory).recordEmissions(cementId, 1n, 1n, mrv("forged")),
    emissionsRegister,
  );
  const history = await emissionsRegister.history(cementId, 1n, 1n, 10n);
  say.line(
    `Rhine Cement's record keeps both figures: ${history.map((e) => t(e.ref)).join(" -> ")} (revision ${history.length}).`,
  );

  say.line("Rhine Cement buys 600 allowances from Harbor Steel and 1,200 credits from Sunfield Solar, paying in CITY.");
  await say.tx(
    "treasurer: mint 100,000 CITY to Rhine Cement",
    token.connect(treasurer).mint(cement.address, parseEther("100000")),
  );
  await say.tx(
    "Rhine Cement: pay Harbor Steel 30,000 CITY",
    token.connect(cement).transfer(steel.address, parseEther("30000")),
  );
  await say.tx(
    "Harbor Steel: safeTransferFrom(600 allowances of 2026 -> Rhine Cement)",
    carbonCredits.connect(steel).safeTransferFrom(steel.address, cement.address, allowanceId(1n), 600n, "0x"),
  );
  await say.tx(
    "Rhine Cement: pay Sunfield Solar 24,000 CITY",
    token.connect(cement).transfer(solar.address, parseEther("24000")),
  );
  await say.tx(
    "Sunfield Solar: safeTransferFrom(1,200 credits of batch 1 -> Rhine Cement)",
    carbonCredits.connect(solar).safeTransferFrom(solar.address, cement.address, batch, 1_200n, "0x"),
  );
  await say.refused(
    "Sunfield Solar: send credits to mallory's wallet (no identity)",
    carbonCredits.connect(solar).safeTransferFrom(solar.address, mallory.address, batch, 1n, "0x"),
    carbonCredits,
  );

  say.line("By the deadline Rhine Cement surrenders allowances and eligible offsets (at most 10 % of 9,200 t).");
  const cementRegister = emissionsRegister.connect(cement);
  await say.refused(
    "Rhine Cement: surrender 1,000 offsets (above the 920 t share)",
    cementRegister.surrender(1n, batch, 1_000n),
    emissionsRegister,
  );
  await say.tx(
    "regulator: open period 2027",
    regulatorRegister.openPeriod(deadline + 365n * DAY, 18_000n, 1_000, parseEther("120")),
  );
  await say.tx(
    "regulator: allocate 7,500 allowances of 2027 to Rhine Cement",
    regulatorCredits.allocate(2n, cementId, 7_500n),
  );
  await say.refused(
    "Rhine Cement: surrender 2027 allowances against 2026",
    cementRegister.surrender(1n, allowanceId(2n), 100n),
    emissionsRegister,
  );
  await say.tx(
    "Rhine Cement: surrender 8,600 allowances of 2026",
    cementRegister.surrender(1n, allowanceId(1n), 8_600n),
  );
  await say.tx("Rhine Cement: surrender 600 offset credits of batch 1", cementRegister.surrender(1n, batch, 600n));
  const surrendered = await carbonCredits.certificate(certificateId(batch, 0n));
  say.line(
    `The surrendered offsets are certificate ${hex(certificateId(batch, 0n))} (batch id << 64 | offset 0): serials ${surrendered.firstSerial}..${surrendered.lastSerial}.`,
  );

  say.line("Rhine Cement retires 500 more credits for its staff travel: a certificate of the exact next serials.");
  await say.tx(
    "Rhine Cement: retire(its batch-1 credits, 500, for itself, '2026 staff travel')",
    carbonCredits.connect(cement).retire(cementId, batch, 500n, cementId, "2026 staff travel"),
  );
  const retired = await carbonCredits.certificate(certificateId(batch, 600n));
  say.line(
    `Certificate ${hex(certificateId(batch, 600n))}: serials ${retired.firstSerial}..${retired.lastSerial}, beneficiary identity #${retired.beneficiaryId}.`,
  );
  say.record(
    `retirement certificate: serials ${retired.firstSerial}..${retired.lastSerial} of batch 1, for Rhine Cement`,
  );
  await say.refused(
    "Rhine Cement: retire 0 credits",
    carbonCredits.connect(cement).retire(cementId, batch, 0n, cementId, ""),
    carbonCredits,
  );
  await say.refused(
    "Rhine Cement: transfer 200 credits (it holds 100: the retired ones are gone for good)",
    carbonCredits.connect(cement).safeTransferFrom(cement.address, solar.address, batch, 200n, "0x"),
    carbonCredits,
  );

  say.line("Harbor Steel, 5,000 t, surrenders the 3,400 allowances it kept.");
  await say.tx(
    "Harbor Steel: surrender 3,400 allowances of 2026",
    emissionsRegister.connect(steel).surrender(1n, allowanceId(1n), 3_400n),
  );

  await networkHelpers.time.increaseTo(deadline + 1n);
  say.line("The deadline passes: the period is closed, and anyone may settle the records.");
  await say.refused(
    "Harbor Steel: surrender after the deadline",
    emissionsRegister.connect(steel).surrender(1n, allowanceId(1n), 1n),
    emissionsRegister,
  );
  await say.tx("anyone: settle(Rhine Cement, 2026)", emissionsRegister.connect(mallory).settle(cementId, 1n));
  await say.tx("anyone: settle(Harbor Steel, 2026)", emissionsRegister.connect(mallory).settle(steelId, 1n));

  say.line("Compliance 2026, as the city publishes it:");
  for (const [name, emitterId] of [
    ["Rhine Cement", cementId],
    ["Harbor Steel", steelId],
  ] as const) {
    const c = await emissionsRegister.compliance(emitterId, 1n);
    const verdict = c.compliant ? "compliant" : `SHORT ${t(c.shortfall)}, penalty ${city$(c.penalty)}`;
    say.line(
      `   ${name.padEnd(14)} obligation ${t(c.obligation).padStart(9)}  surrendered ${t(c.surrendered).padStart(9)}  ${verdict}`,
    );
    if (c.status === RecordStatus.Settled) say.record(`${name} 2026: ${verdict}`);
  }
  const carried = await emissionsRegister.record(steelId, 2n);
  say.line(`Harbor Steel's ${t(carried.carriedIn)} shortfall is carried into its 2027 obligation.`);
  const totals = await carbonCredits.batchTotals(batch);
  say.line(
    `Batch 1 totals: issued ${totals.issued}, circulating ${totals.circulating}, retired ${totals.retired}, cancelled ${totals.cancelled}` +
      ` (verifier: identity #${verifierId}).`,
  );
};
