import { expect } from "chai";
import { id, parseEther } from "ethers";

import { ClaimStatus, PolicyStatus, eventClaimIdOf, claimIdOf, eventShare, premiumOf } from "../../src/insurance.js";
import { parcelSpec } from "../../src/land.js";
import { signPermit } from "../../src/permit.js";
import { shouldRejectUnauthorized } from "../shared/unauthorized.js";
import { CAPITAL, DAY, HOUSE, deployInsuranceCity, evidence, floodTerms, incident, propertyTerms } from "./fixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;

async function insuranceFixture() {
  return deployInsuranceCity(connection);
}

/** alice insures her parcel with product 1 (pool 1) for HOUSE. */
async function insuredFixture() {
  const city = await deployInsuranceCity(connection);
  await city.insurance.connect(city.accounts.alice).buyPolicy(city.product1, city.parcel, HOUSE);
  return { ...city, policyId: 1n };
}

/** A parametric flood risk with three policies (alice, bob, dave), its window ended. */
async function floodFixture() {
  const city = await deployInsuranceCity(connection);
  const { insurance, accounts } = city;
  await insurance.connect(accounts.insurer).createProduct(floodTerms(city.pool1));
  const start = BigInt(await time.latest()) + DAY;
  await insurance.connect(accounts.insurer).createRisk(3n, start, start + DAY, id("district 7, 2026-12-01"));
  for (const who of [accounts.alice, accounts.bob, accounts.dave]) {
    await insurance.connect(who).buyPolicy(3n, 1n, parseEther("5000"));
  }
  await time.increaseTo(start + DAY + 1n);
  return city;
}

describe("Insurance", function () {
  describe("pools and products", function () {
    it("an insurer funds its pool and withdraws only free capital, to its identity's primary wallet", async function () {
      const { insurance, token, accounts, pool1, product1, parcel } =
        await networkHelpers.loadFixture(insuranceFixture);
      await insurance.connect(accounts.alice).buyPolicy(product1, parcel, HOUSE);
      const p = await insurance.pool(pool1);
      const premium = premiumOf(propertyTerms(pool1), HOUSE);
      expect(p.balance).to.equal(CAPITAL + premium);
      expect(p.locked).to.equal(HOUSE - parseEther("1000"));
      const free = p.balance - p.locked;
      await expect(insurance.connect(accounts.insurer).withdrawCapital(pool1, free + 1n))
        .to.be.revertedWithCustomError(insurance, "InsurancePoolCapitalInsufficient")
        .withArgs(pool1, free, free + 1n);
      await expect(insurance.connect(accounts.insurer).withdrawCapital(pool1, free)).to.changeTokenBalance(
        ethers,
        token,
        accounts.insurer,
        free,
      );
      expect((await insurance.pool(pool1)).balance).to.equal(p.locked);
    });

    it("refuses another insurer's pool, unknown pools and bad terms", async function () {
      const { insurance, accounts, pool1, officialIds } = await networkHelpers.loadFixture(insuranceFixture);
      await expect(insurance.connect(accounts.insurer2).fundPool(pool1, 1n))
        .to.be.revertedWithCustomError(insurance, "InsuranceNotPoolInsurer")
        .withArgs(pool1, officialIds.insurer2);
      await expect(insurance.connect(accounts.insurer).fundPool(9n, 1n))
        .to.be.revertedWithCustomError(insurance, "InsurancePoolUnknown")
        .withArgs(9n);
      await expect(insurance.connect(accounts.insurer).fundPool(pool1, 0n))
        .to.be.revertedWithCustomError(insurance, "InsuranceAmountInvalid")
        .withArgs(0n);
      await expect(insurance.connect(accounts.insurer).createProduct(propertyTerms(pool1, { minLevel: 0 })))
        .to.be.revertedWithCustomError(insurance, "InsuranceProductTermsInvalid")
        .withArgs(3n);
      await expect(
        insurance.connect(accounts.insurer).createProduct(propertyTerms(pool1, { maxSumInsured: parseEther("1") })),
      )
        .to.be.revertedWithCustomError(insurance, "InsuranceProductTermsInvalid")
        .withArgs(10n);
      await expect(insurance.connect(accounts.insurer).createProduct(floodTerms(pool1, { trigger: 0n })))
        .to.be.revertedWithCustomError(insurance, "InsuranceProductTermsInvalid")
        .withArgs(2n);
    });
  });

  describe("buying", function () {
    it("the parcel's owner identity buys, premium taken in the same transaction, value fixed", async function () {
      const { insurance, token, accounts, ids, product1, parcel } = await networkHelpers.loadFixture(insuranceFixture);
      const premium = premiumOf(propertyTerms(1n), HOUSE);
      await expect(insurance.connect(accounts.alice).buyPolicy(product1, parcel, HOUSE)).to.changeTokenBalance(
        ethers,
        token,
        accounts.alice,
        -premium,
      );
      const policy = await insurance.policy(1n);
      expect(policy.holderId).to.equal(ids.alice);
      expect(policy.assetId).to.equal(parcel);
      expect(policy.sumInsured).to.equal(HOUSE);
      expect(policy.status).to.equal(PolicyStatus.Active);
    });

    it("a co-owner may insure a shared parcel; a stranger to the parcel may not", async function () {
      const { insurance, accounts, ids, product1, parcel, sharedParcel } =
        await networkHelpers.loadFixture(insuranceFixture);
      await insurance.connect(accounts.dave).buyPolicy(product1, sharedParcel, HOUSE);
      await expect(insurance.connect(accounts.dave).buyPolicy(product1, parcel, HOUSE))
        .to.be.revertedWithCustomError(insurance, "InsuranceNotParcelOwner")
        .withArgs(parcel, ids.dave);
    });

    it("refuses a retired parcel, even to its last owners (the title no longer exists)", async function () {
      const { insurance, landRegistry, accounts, ids, product1, sharedParcel } =
        await networkHelpers.loadFixture(insuranceFixture);
      await landRegistry
        .connect(accounts.landRegistrar)
        .subdivide(sharedParcel, [parcelSpec("INS-RETIRED-A", 400n), parcelSpec("INS-RETIRED-B", 500n)]);
      const before = await insurance.pool(1n);
      await expect(insurance.connect(accounts.dave).buyPolicy(product1, sharedParcel, HOUSE))
        .to.be.revertedWithCustomError(insurance, "InsuranceNotParcelOwner")
        .withArgs(sharedParcel, ids.dave);
      const after = await insurance.pool(1n);
      expect([after.balance, after.locked]).to.deep.equal([before.balance, before.locked]);
      // Its children are live titles of the same owners: they can be insured.
      const child = (await landRegistry.childrenOf(sharedParcel))[0];
      await insurance.connect(accounts.dave).buyPolicy(product1, child, HOUSE);
    });

    it("refuses unverified and under-level buyers, bad sums, bad assets and a pool without free capital", async function () {
      const { insurance, accounts, ids, product1, parcel, pool1 } = await networkHelpers.loadFixture(insuranceFixture);
      await expect(insurance.connect(accounts.mallory).buyPolicy(product1, parcel, HOUSE))
        .to.be.revertedWithCustomError(insurance, "InsuranceCallerUnknown")
        .withArgs(accounts.mallory.address);
      await expect(insurance.connect(accounts.carol).buyPolicy(product1, parcel, HOUSE))
        .to.be.revertedWithCustomError(insurance, "InsuranceBuyerNotVerified")
        .withArgs(ids.carol, 2);
      await expect(insurance.connect(accounts.alice).buyPolicy(product1, parcel, parseEther("1000")))
        .to.be.revertedWithCustomError(insurance, "InsuranceSumInsuredInvalid")
        .withArgs(parseEther("1000"), parseEther("1000"), parseEther("1000000"));
      await expect(insurance.connect(accounts.alice).buyPolicy(product1, 0n, HOUSE))
        .to.be.revertedWithCustomError(insurance, "InsuranceAssetInvalid")
        .withArgs(product1, 0n);
      await expect(insurance.connect(accounts.alice).buyPolicy(9n, parcel, HOUSE))
        .to.be.revertedWithCustomError(insurance, "InsuranceProductUnknown")
        .withArgs(9n);
      const before = await insurance.pool(pool1);
      await insurance.connect(accounts.insurer).withdrawCapital(pool1, before.balance - before.locked);
      await expect(insurance.connect(accounts.alice).buyPolicy(product1, parcel, HOUSE)).to.be.revertedWithCustomError(
        insurance,
        "InsurancePoolCapitalInsufficient",
      );
    });

    it("pays with a permit; a failed permit reverts the purchase instead of being swallowed", async function () {
      const { insurance, token, accounts, product1, parcel } = await networkHelpers.loadFixture(insuranceFixture);
      const premium = premiumOf(propertyTerms(1n), HOUSE);
      const deadline = BigInt(await time.latest()) + DAY;
      await token.connect(accounts.alice).approve(await insurance.getAddress(), 0n);
      const bad = await signPermit(accounts.alice, token, await insurance.getAddress(), premium - 1n, deadline);
      await expect(
        insurance.connect(accounts.alice).buyPolicyWithPermit(product1, parcel, HOUSE, deadline, bad.v, bad.r, bad.s),
      ).to.be.revertedWithCustomError(token, "ERC2612InvalidSigner");
      const good = await signPermit(accounts.alice, token, await insurance.getAddress(), premium, deadline);
      await expect(
        insurance
          .connect(accounts.alice)
          .buyPolicyWithPermit(product1, parcel, HOUSE, deadline, good.v, good.r, good.s),
      ).to.changeTokenBalance(ethers, token, accounts.alice, -premium);
    });
  });

  describe("assessed claims", function () {
    it("submit, confirm, withdraw: the holder identity is credited and pulls to its primary wallet", async function () {
      const { insurance, token, accounts, ids, policyId } = await networkHelpers.loadFixture(insuredFixture);
      await time.increase(8n * DAY);
      const amount = parseEther("20000");
      await insurance.connect(accounts.alice).submitClaim(policyId, incident("pipe"), amount, evidence("pipe"));
      const claimId = claimIdOf(policyId, incident("pipe"));
      expect((await insurance.claim(claimId)).status).to.equal(ClaimStatus.Submitted);
      await expect(insurance.connect(accounts.assessor).confirmClaim(claimId, amount))
        .to.emit(insurance, "ClaimPaid")
        .withArgs(claimId, policyId, ids.alice, amount);
      expect((await insurance.claim(claimId)).status).to.equal(ClaimStatus.Paid);
      expect(await insurance.creditOf(ids.alice)).to.equal(amount);
      await expect(insurance.connect(accounts.alice).withdraw()).to.changeTokenBalance(
        ethers,
        token,
        accounts.alice,
        amount,
      );
      await expect(insurance.connect(accounts.alice).withdraw())
        .to.be.revertedWithCustomError(insurance, "InsuranceNothingToWithdraw")
        .withArgs(ids.alice);
      // A second payout of the same claim is not a listed transition.
      await expect(insurance.connect(accounts.assessor).confirmClaim(claimId, amount))
        .to.be.revertedWithCustomError(insurance, "InsuranceClaimTransitionInvalid")
        .withArgs(claimId, ClaimStatus.Paid, ClaimStatus.Confirmed);
    });

    it("refuses claims in the waiting period, duplicates, above the remaining cover, after grace, by others", async function () {
      const { insurance, accounts, ids, policyId } = await networkHelpers.loadFixture(insuredFixture);
      const start = (await insurance.policy(policyId)).end - 365n * DAY;
      await expect(insurance.connect(accounts.alice).submitClaim(policyId, incident("a"), 1n, evidence("a")))
        .to.be.revertedWithCustomError(insurance, "InsuranceClaimTooEarly")
        .withArgs(policyId, start + 7n * DAY);
      await time.increase(8n * DAY);
      await expect(insurance.connect(accounts.bob).submitClaim(policyId, incident("a"), 1n, evidence("a")))
        .to.be.revertedWithCustomError(insurance, "InsuranceNotHolder")
        .withArgs(policyId, ids.bob);
      const cover = HOUSE - parseEther("1000");
      await expect(insurance.connect(accounts.alice).submitClaim(policyId, incident("a"), cover + 1n, evidence("a")))
        .to.be.revertedWithCustomError(insurance, "InsuranceClaimAboveRemaining")
        .withArgs(policyId, cover + 1n, cover);
      await insurance.connect(accounts.alice).submitClaim(policyId, incident("a"), 1n, evidence("a"));
      await expect(insurance.connect(accounts.alice).submitClaim(policyId, incident("a"), 2n, evidence("b")))
        .to.be.revertedWithCustomError(insurance, "InsuranceDuplicateIncident")
        .withArgs(policyId, incident("a"), claimIdOf(policyId, incident("a")));
      await expect(
        insurance.connect(accounts.alice).submitClaim(policyId, ethers.ZeroHash, 1n, evidence("a")),
      ).to.be.revertedWithCustomError(insurance, "InsuranceIncidentEmpty");
      await expect(insurance.connect(accounts.alice).submitClaim(7n, incident("z"), 1n, evidence("z")))
        .to.be.revertedWithCustomError(insurance, "InsurancePolicyUnknown")
        .withArgs(7n);
      const end = (await insurance.policy(policyId)).end;
      await time.increaseTo(end + 30n * DAY + 1n);
      await expect(insurance.connect(accounts.alice).submitClaim(policyId, incident("late"), 1n, evidence("late")))
        .to.be.revertedWithCustomError(insurance, "InsuranceClaimTooLate")
        .withArgs(policyId, end + 30n * DAY);
    });

    it("refuses a claim in the block the policy was bought, even without a waiting period", async function () {
      const { insurance, accounts, pool1, parcel } = await networkHelpers.loadFixture(insuranceFixture);
      await insurance.connect(accounts.insurer).createProduct(propertyTerms(pool1, { waitingPeriod: 0n }));
      await connection.provider.request({ method: "evm_setAutomine", params: [false] });
      try {
        await insurance.connect(accounts.alice).buyPolicy(3n, parcel, HOUSE, { gasLimit: 1_000_000 });
        // Against the pending block that holds the purchase, the claim is refused.
        await expect(
          insurance.connect(accounts.alice).submitClaim(1n, incident("same block"), 1n, evidence("x")),
        ).to.be.revertedWithCustomError(insurance, "InsuranceClaimTooEarly");
        await networkHelpers.mine();
      } finally {
        await connection.provider.request({ method: "evm_setAutomine", params: [true] });
      }
      expect((await insurance.policy(1n)).status).to.equal(PolicyStatus.Active);
      await insurance.connect(accounts.alice).submitClaim(1n, incident("same block"), 1n, evidence("x"));
    });

    it("four eyes: above the threshold one assessor only endorses; a second, different one confirms the lower amount", async function () {
      const { insurance, accounts, ids, officialIds, policyId } = await networkHelpers.loadFixture(insuredFixture);
      await time.increase(8n * DAY);
      await insurance
        .connect(accounts.alice)
        .submitClaim(policyId, incident("fire"), parseEther("90000"), evidence("f"));
      const claimId = claimIdOf(policyId, incident("fire"));
      await expect(insurance.connect(accounts.assessor).confirmClaim(claimId, parseEther("80000")))
        .to.emit(insurance, "ClaimEndorsed")
        .withArgs(claimId, officialIds.assessor, parseEther("80000"));
      expect((await insurance.claim(claimId)).status).to.equal(ClaimStatus.Submitted);
      expect(await insurance.creditOf(ids.alice)).to.equal(0n);
      await expect(insurance.connect(accounts.assessor).confirmClaim(claimId, parseEther("80000")))
        .to.be.revertedWithCustomError(insurance, "InsuranceSameAssessor")
        .withArgs(claimId, officialIds.assessor);
      await expect(insurance.connect(accounts.assessor2).confirmClaim(claimId, parseEther("85000")))
        .to.be.revertedWithCustomError(insurance, "InsuranceAmountInvalid")
        .withArgs(parseEther("85000"));
      await insurance.connect(accounts.assessor2).confirmClaim(claimId, parseEther("75000"));
      expect(await insurance.creditOf(ids.alice)).to.equal(parseEther("75000"));
      const policy = await insurance.policy(policyId);
      expect(policy.paid).to.equal(parseEther("75000"));
      expect(policy.confirmed).to.equal(parseEther("75000"));
    });

    it("decline and withdraw are final", async function () {
      const { insurance, accounts, policyId } = await networkHelpers.loadFixture(insuredFixture);
      await time.increase(8n * DAY);
      await insurance.connect(accounts.alice).submitClaim(policyId, incident("d"), 5n, evidence("d"));
      await insurance.connect(accounts.alice).submitClaim(policyId, incident("w"), 5n, evidence("w"));
      const declined = claimIdOf(policyId, incident("d"));
      const withdrawn = claimIdOf(policyId, incident("w"));
      await expect(insurance.connect(accounts.assessor).declineClaim(declined, id("no cover")))
        .to.emit(insurance, "ClaimDeclined")
        .withArgs(declined, id("no cover"));
      await expect(insurance.connect(accounts.bob).withdrawClaim(withdrawn)).to.be.revertedWithCustomError(
        insurance,
        "InsuranceNotHolder",
      );
      await insurance.connect(accounts.alice).withdrawClaim(withdrawn);
      expect((await insurance.claim(withdrawn)).status).to.equal(ClaimStatus.Withdrawn);
      await expect(insurance.connect(accounts.assessor).confirmClaim(declined, 5n))
        .to.be.revertedWithCustomError(insurance, "InsuranceClaimTransitionInvalid")
        .withArgs(declined, ClaimStatus.Declined, ClaimStatus.Confirmed);
      await expect(insurance.connect(accounts.assessor).confirmClaim(id("nothing"), 5n))
        .to.be.revertedWithCustomError(insurance, "InsuranceClaimUnknown")
        .withArgs(id("nothing"));
    });
  });

  describe("expiry", function () {
    it("anyone expires a policy after end + grace, unlocking its remaining capital", async function () {
      const { insurance, accounts, pool1, policyId } = await networkHelpers.loadFixture(insuredFixture);
      const end = (await insurance.policy(policyId)).end;
      await expect(insurance.connect(accounts.mallory).expirePolicy(policyId))
        .to.be.revertedWithCustomError(insurance, "InsurancePolicyNotExpired")
        .withArgs(policyId, end + 30n * DAY);
      await time.increaseTo(end + 30n * DAY + 1n);
      await expect(insurance.connect(accounts.mallory).expirePolicy(policyId))
        .to.emit(insurance, "PolicyExpired")
        .withArgs(policyId, HOUSE - parseEther("1000"));
      expect((await insurance.pool(pool1)).locked).to.equal(0n);
      await expect(insurance.connect(accounts.mallory).expirePolicy(policyId))
        .to.be.revertedWithCustomError(insurance, "InsurancePolicyNotActive")
        .withArgs(policyId, PolicyStatus.Expired);
    });
  });

  describe("city-wide loss events", function () {
    it("a house insured with two insurers is indemnified once, shared pro rata, whatever the order", async function () {
      const { insurance, accounts, ids, product1, product2, parcel, pool1, pool2 } =
        await networkHelpers.loadFixture(insuranceFixture);
      const other = parseEther("200000");
      await insurance.connect(accounts.alice).buyPolicy(product1, parcel, HOUSE); // policy 1, pool 1
      await insurance.connect(accounts.alice).buyPolicy(product2, parcel, other); // policy 2, pool 2
      await time.increase(8n * DAY);
      const now = BigInt(await time.latest());
      await insurance
        .connect(accounts.oracle)
        .declareLossEvent(2, Number(now), Number(now + DAY), Number(now + 10n * DAY), id("area"));
      const loss = parseEther("250000");
      await insurance.connect(accounts.alice).submitEventClaim(1n, 1n, loss, evidence("flood"));
      await insurance.connect(accounts.alice).submitEventClaim(2n, 1n, other - parseEther("1000"), evidence("flood"));
      const c1 = eventClaimIdOf(1n, 1n);
      const c2 = eventClaimIdOf(2n, 1n);
      await expect(insurance.connect(accounts.mallory).payEventClaim(c1)).to.be.revertedWithCustomError(
        insurance,
        "InsuranceClaimTransitionInvalid",
      );
      // Above both thresholds: two assessors each.
      for (const c of [c2, c1]) {
        const amount = (await insurance.claim(c)).amount;
        await insurance.connect(accounts.assessor).confirmClaim(c, amount);
        await insurance.connect(accounts.assessor2).confirmClaim(c, amount);
      }
      await expect(insurance.connect(accounts.mallory).payEventClaim(c2)).to.be.revertedWithCustomError(
        insurance,
        "InsuranceEventOpen",
      );
      await time.increase(11n * DAY);
      await insurance.connect(accounts.mallory).payEventClaim(c2);
      await insurance.connect(accounts.mallory).payEventClaim(c1);
      const register = await insurance.eventAsset(1n, parcel);
      const total = loss + other - parseEther("1000");
      expect(register.confirmedTotal).to.equal(total);
      expect(register.maxInsured).to.equal(HOUSE);
      const s1 = eventShare(loss, total, HOUSE);
      const s2 = eventShare(other - parseEther("1000"), total, HOUSE);
      expect(register.paid).to.equal(s1 + s2);
      expect(register.paid).to.be.at.most(HOUSE);
      expect(await insurance.creditOf(ids.alice)).to.equal(s1 + s2);
      expect((await insurance.pool(pool1)).balance).to.equal(CAPITAL + premiumOf(propertyTerms(1n), HOUSE) - s1);
      expect((await insurance.pool(pool2)).balance).to.equal(CAPITAL + premiumOf(propertyTerms(2n), other) - s2);
      await expect(insurance.connect(accounts.mallory).payEventClaim(c1))
        .to.be.revertedWithCustomError(insurance, "InsuranceClaimTransitionInvalid")
        .withArgs(c1, ClaimStatus.Paid, ClaimStatus.Paid);
    });

    it("refuses event claims after the event closed, and policies bought after it began", async function () {
      const { insurance, accounts, product1, parcel } = await networkHelpers.loadFixture(insuranceFixture);
      const now = BigInt(await time.latest());
      await insurance
        .connect(accounts.assessor)
        .declareLossEventByAssessor(3, Number(now + 1n), Number(now + DAY), Number(now + 2n * DAY), id("area"));
      await insurance.connect(accounts.alice).buyPolicy(product1, parcel, HOUSE);
      await expect(insurance.connect(accounts.alice).submitEventClaim(1n, 1n, 1n, evidence("x")))
        .to.be.revertedWithCustomError(insurance, "InsuranceEventNotCovered")
        .withArgs(1n, 1n);
      await expect(insurance.connect(accounts.alice).submitEventClaim(1n, 2n, 1n, evidence("x")))
        .to.be.revertedWithCustomError(insurance, "InsuranceEventUnknown")
        .withArgs(2n);
      await expect(
        insurance
          .connect(accounts.oracle)
          .declareLossEvent(2, Number(now), Number(now - 1n), Number(now + DAY), id("a")),
      ).to.be.revertedWithCustomError(insurance, "InsuranceEventTermsInvalid");
    });
  });

  describe("parametric cover", function () {
    it("settles a flood's policies in batches anyone continues, each paid exactly once", async function () {
      const { insurance, accounts, ids, pool1 } = await networkHelpers.loadFixture(floodFixture);
      await expect(insurance.connect(accounts.mallory).settleRisk(1n, 2n))
        .to.be.revertedWithCustomError(insurance, "InsuranceResultNotPosted")
        .withArgs(1n);
      await insurance.connect(accounts.oracle).postResult(1n, 180n);
      await expect(insurance.connect(accounts.oracle).postResult(1n, 10n))
        .to.be.revertedWithCustomError(insurance, "InsuranceResultAlreadyPosted")
        .withArgs(1n, 180n);
      await expect(insurance.connect(accounts.mallory).settleRisk(1n, 2n))
        .to.emit(insurance, "RiskBatchSettled")
        .withArgs(1n, 0n, 2n, parseEther("10000"));
      await insurance.connect(accounts.erin).settleRisk(1n, 200n);
      await expect(insurance.connect(accounts.erin).settleRisk(1n, 1n))
        .to.be.revertedWithCustomError(insurance, "InsuranceRiskSettled")
        .withArgs(1n);
      for (const who of [ids.alice, ids.bob, ids.dave])
        expect(await insurance.creditOf(who)).to.equal(parseEther("5000"));
      expect((await insurance.pool(pool1)).locked).to.equal(0n);
      expect((await insurance.policy(1n)).status).to.equal(PolicyStatus.PaidOut);
      await expect(insurance.connect(accounts.erin).settleRisk(1n, 0n))
        .to.be.revertedWithCustomError(insurance, "InsuranceBatchSizeInvalid")
        .withArgs(0n, 200n);
    });

    it("a result below the trigger releases the capital and pays nothing", async function () {
      const { insurance, accounts, ids, pool1 } = await networkHelpers.loadFixture(floodFixture);
      await insurance.connect(accounts.oracle).postResult(1n, 20n);
      await insurance.connect(accounts.mallory).settleRisk(1n, 3n);
      expect(await insurance.creditOf(ids.alice)).to.equal(0n);
      expect((await insurance.policy(1n)).status).to.equal(PolicyStatus.Settled);
      expect((await insurance.pool(pool1)).locked).to.equal(0n);
    });

    it("refuses purchases once the window started, and results before it ended", async function () {
      const { insurance, accounts } = await networkHelpers.loadFixture(insuranceFixture);
      await insurance.connect(accounts.insurer).createProduct(floodTerms(1n));
      const start = BigInt(await time.latest()) + DAY;
      await insurance.connect(accounts.insurer).createRisk(3n, start, start + DAY, id("district"));
      await expect(insurance.connect(accounts.oracle).postResult(1n, 200n))
        .to.be.revertedWithCustomError(insurance, "InsuranceRiskNotEnded")
        .withArgs(1n, start + DAY);
      await time.increaseTo(start);
      await expect(insurance.connect(accounts.alice).buyPolicy(3n, 1n, parseEther("5000")))
        .to.be.revertedWithCustomError(insurance, "InsuranceRiskStarted")
        .withArgs(1n, start);
    });
  });

  shouldRejectUnauthorized(async () => {
    const city = await networkHelpers.loadFixture(insuranceFixture);
    return { contracts: { Insurance: city.insurance }, manager: city.manager, stranger: city.accounts.mallory };
  }, ["Insurance"]);
});
