import { formatEther, id, parseEther } from "ethers";

import { IdentityKind } from "../../src/identity.js";
import { Peril, claimIdOf, claimToSign, eventClaimIdOf, type ProductTerms } from "../../src/insurance.js";
import { claimDigest, SoftwareAuthenticator } from "../../src/passkeys.js";
import type { Chapter } from "./narrator.js";

const DAY = 86_400n;

function terms(poolId: bigint, over: Partial<ProductTerms> = {}): ProductTerms {
  return {
    poolId,
    peril: Peril.Property,
    parametric: false,
    minLevel: 1,
    term: 365n * DAY,
    waitingPeriod: 7n * DAY,
    gracePeriod: 30n * DAY,
    rateBps: 100,
    trigger: 0n,
    basePremium: parseEther("10"),
    maxSumInsured: parseEther("1000000"),
    deductible: parseEther("1000"),
    fourEyesThreshold: parseEther("50000"),
    ...over,
  };
}

/**
 * Insurance: two insurers fund pools; a flood settles a district's parametric policies in two batches anyone
 * continues; a house insured with both insurers is indemnified once for a city-wide flood, shared pro rata; a large
 * assessed claim needs two assessors; a duplicate claim is refused; a claim signed by dave's phone passkey is filed
 * through the claims relay by a relayer who pays the gas, and its replay is refused.
 */
export const insuranceChapter: Chapter = async ({ connection, city, say }) => {
  const { time } = connection.networkHelpers;
  const { identity, insurance, token, accounts } = city;
  const { registrar, treasurer, insurer, insurer2, assessor, assessor2, oracle, bob, carol, dave, mallory } = accounts;
  const address = await insurance.getAddress();

  say.title("4. Insurance");
  say.line("The registrar gives the insurers and assessors identities; their roles come from the city's authority.");
  const validUntil = BigInt(await time.latest()) + 3650n * DAY;
  for (const [who, kind] of [
    [insurer, IdentityKind.Business],
    [insurer2, IdentityKind.Business],
    [assessor, IdentityKind.Official],
    [assessor2, IdentityKind.Official],
  ] as const) {
    await say.tx(
      `registrar: register ${kind === IdentityKind.Business ? "insurer" : "assessor"} ${who.address.slice(0, 10)}…`,
      identity
        .connect(registrar)
        .register(kind, 3, id(`subject ${who.address}`), id(`record ${who.address}`), validUntil, who.address),
    );
  }
  for (const who of [insurer, insurer2, bob, carol, dave]) {
    await (await token.connect(treasurer).mint(who.address, parseEther("3000000"))).wait();
    await (await token.connect(who).approve(address, parseEther("3000000"))).wait();
  }
  await say.tx("insurer: createPool() -> pool #1", insurance.connect(insurer).createPool());
  await say.tx("insurer2: createPool() -> pool #2", insurance.connect(insurer2).createPool());
  await say.tx(
    "insurer: fund pool #1 with 2,000,000 CITY",
    insurance.connect(insurer).fundPool(1n, parseEther("2000000")),
  );
  await say.tx(
    "insurer2: fund pool #2 with 2,000,000 CITY",
    insurance.connect(insurer2).fundPool(2n, parseEther("2000000")),
  );
  await say.tx(
    "insurer: home cover (all perils, 1 %) -> product #1",
    insurance.connect(insurer).createProduct(terms(1n)),
  );
  await say.tx(
    "insurer2: home cover (all perils, 1 %) -> product #2",
    insurance.connect(insurer2).createProduct(terms(2n)),
  );
  await say.tx(
    "insurer: parametric flood cover, pays at >= 150 cm -> product #3",
    insurance
      .connect(insurer)
      .createProduct(
        terms(1n, { peril: Peril.Flood, parametric: true, term: 0n, waitingPeriod: 0n, deductible: 0n, trigger: 150n }),
      ),
  );

  say.line("Dave insures his house (LOT-0001) with both insurers; bob, carol and dave buy flood cover for district 7.");
  const house = parseEther("300000");
  await say.tx(
    "dave: buyPolicy(product #1, LOT-0001, 300,000 CITY) -> policy #1",
    insurance.connect(dave).buyPolicy(1n, 1n, house),
  );
  await say.tx(
    "dave: buyPolicy(product #2, LOT-0001, 200,000 CITY) -> policy #2",
    insurance.connect(dave).buyPolicy(2n, 1n, parseEther("200000")),
  );
  await say.refused(
    "mallory: buyPolicy(product #1, LOT-0001): not her house",
    insurance.connect(mallory).buyPolicy(1n, 1n, house),
    insurance,
  );
  const start = BigInt(await time.latest()) + DAY;
  await say.tx(
    "insurer: createRisk(product #3, district 7, tomorrow) -> risk #1",
    insurance.connect(insurer).createRisk(3n, start, start + DAY, id("district 7")),
  );
  for (const [name, who] of [
    ["bob", bob],
    ["carol", carol],
    ["dave", dave],
  ] as const) {
    await say.tx(
      `${name}: buyPolicy(product #3, risk #1, 5,000 CITY)`,
      insurance.connect(who).buyPolicy(3n, 1n, parseEther("5000")),
    );
  }
  const dave1 = 6n;
  await say.tx(
    "dave: buyPolicy(product #1, LOT-0002-A (co-owned), 300,000 CITY) -> policy #6",
    insurance.connect(dave).buyPolicy(1n, 4n, house),
  );

  say.line("The river rises. The oracle posts 180 cm for district 7; anyone settles the policies in batches.");
  await time.increaseTo(start + DAY + 1n);
  await say.refused(
    "anyone: settleRisk(#1) before a result",
    insurance.connect(mallory).settleRisk(1n, 10n),
    insurance,
  );
  await say.tx("oracle: postResult(risk #1, 180 cm)", insurance.connect(oracle).postResult(1n, 180n));
  await say.refused(
    "oracle: postResult(risk #1, 90 cm) again",
    insurance.connect(oracle).postResult(1n, 90n),
    insurance,
  );
  await say.tx("mallory: settleRisk(#1, batch of 2)", insurance.connect(mallory).settleRisk(1n, 2n));
  await say.tx("carol: settleRisk(#1, batch of 2): the cursor continues", insurance.connect(carol).settleRisk(1n, 2n));
  await say.refused("anyone: settleRisk(#1) once more", insurance.connect(carol).settleRisk(1n, 2n), insurance);
  say.record("risk #1: district 7 flooded (180 cm), 3 parametric policies paid 5,000 CITY each, exactly once");

  say.line("The same flood is a city-wide loss event. Dave claims on both policies for his 250,000 CITY damage.");
  await time.increase(7n * DAY);
  const now = BigInt(await time.latest());
  await say.tx(
    "oracle: declareLossEvent(flood, window, area commitment, closes in 20 days) -> event #1",
    insurance
      .connect(oracle)
      .declareLossEvent(Peril.Flood, Number(now - DAY), Number(now), Number(now + 20n * DAY), id("flood area")),
  );
  await say.tx(
    "dave: submitEventClaim(policy #1, event #1, 250,000)",
    insurance.connect(dave).submitEventClaim(1n, 1n, parseEther("250000"), id("photos + adjuster report")),
  );
  await say.tx(
    "dave: submitEventClaim(policy #2, event #1, 199,000)",
    insurance.connect(dave).submitEventClaim(2n, 1n, parseEther("199000"), id("photos + adjuster report")),
  );
  for (const [policyId, amount] of [
    [1n, parseEther("250000")],
    [2n, parseEther("199000")],
  ] as const) {
    const claimId = eventClaimIdOf(policyId, 1n);
    await say.tx(
      `assessor: confirm event claim of policy #${policyId}`,
      insurance.connect(assessor).confirmClaim(claimId, amount),
    );
    await say.tx(`assessor2: confirm it too (four eyes)`, insurance.connect(assessor2).confirmClaim(claimId, amount));
  }
  await time.increase(21n * DAY);
  await say.tx(
    "anyone: payEventClaim(policy #2's claim)",
    insurance.connect(bob).payEventClaim(eventClaimIdOf(2n, 1n)),
  );
  await say.tx(
    "anyone: payEventClaim(policy #1's claim)",
    insurance.connect(bob).payEventClaim(eventClaimIdOf(1n, 1n)),
  );
  const register = await insurance.eventAsset(1n, 1n);
  say.line(
    `LOT-0001 in event #1: confirmed ${formatEther(register.confirmedTotal)}, highest insured value ${formatEther(
      register.maxInsured,
    )}, paid ${formatEther(register.paid)} CITY in total, shared by the two pools.`,
  );
  say.record(`event #1: LOT-0001 indemnified once, ${formatEther(register.paid)} CITY shared by two insurers`);

  say.line("Dave's roof burns: 80,000 CITY, above the 50,000 four-eyes threshold.");
  const fire = id("fire brigade report 2026/118");
  await say.tx(
    "dave: submitClaim(policy #6, fire, 80,000)",
    insurance.connect(dave).submitClaim(dave1, fire, parseEther("80000"), id("evidence")),
  );
  await say.refused(
    "dave: submitClaim(policy #6, the same fire, again)",
    insurance.connect(dave).submitClaim(dave1, fire, parseEther("1000"), id("evidence")),
    insurance,
  );
  const claimId = claimIdOf(dave1, fire);
  await say.tx(
    "assessor: confirmClaim(80,000): an endorsement only",
    insurance.connect(assessor).confirmClaim(claimId, parseEther("80000")),
  );
  await say.refused(
    "assessor: confirmClaim again (same pair of eyes)",
    insurance.connect(assessor).confirmClaim(claimId, parseEther("80000")),
    insurance,
  );
  await say.tx(
    "assessor2: confirmClaim(80,000): paid, credited to dave's identity",
    insurance.connect(assessor2).confirmClaim(claimId, parseEther("80000")),
  );
  for (const [name, who] of [
    ["bob", bob],
    ["carol", carol],
    ["dave", dave],
  ] as const) {
    await say.tx(`${name}: withdraw() to the identity's primary wallet`, insurance.connect(who).withdraw());
  }
  say.record("claim on policy #6: 80,000 CITY confirmed by two assessors, paid to dave's identity");

  say.line("A storm breaks dave's windows. He files the claim from his phone: a passkey, no ether, no seed phrase.");
  const { passkeys, insuranceRelay } = city;
  const daveId = await identity.identityOf(dave.address);
  const phone = new SoftwareAuthenticator();
  await say.tx(
    "dave: register his phone's passkey (P-256 key + credential id)",
    passkeys.connect(dave).registerPasskey(daveId, phone.publicKey.qx, phone.publicKey.qy, phone.credentialId),
  );
  const passkeyId = await passkeys.passkeyCount();
  const storm = await claimToSign(insuranceRelay, {
    holderId: daveId,
    policyId: dave1,
    incident: id("storm 2026/07: windows"),
    amount: parseEther("4000"),
    evidenceCommitment: id("glazier's quote"),
    deadline: BigInt(await time.latest()) + DAY,
  });
  const assertion = phone.assert(passkeyId, await claimDigest(insuranceRelay, storm));
  const relayed = () =>
    insuranceRelay
      .connect(mallory)
      .submitClaimByPasskey(
        storm.holderId,
        storm.policyId,
        storm.incident,
        storm.amount,
        storm.evidenceCommitment,
        storm.deadline,
        assertion,
      );
  await say.tx("relayer (pays the gas): submitClaimByPasskey(policy #6, storm, 4,000)", relayed());
  await say.refused("relayer: replay the same assertion", relayed(), passkeys);
  say.record(`claim on policy #6 filed by dave's passkey #${passkeyId} through the relay (nonce ${storm.nonce})`);
};
