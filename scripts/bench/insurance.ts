import { encodeBytes32String, getAddress, id, parseEther } from "ethers";

import { AssuranceLevel, IdentityKind } from "../../src/identity.js";
import { claimToSign, Peril, signClaim, type ProductTerms } from "../../src/insurance.js";
import { parcelSpec } from "../../src/land.js";
import { claimDigest, SoftwareAuthenticator } from "../../src/passkeys.js";
import { signPermit } from "../../src/permit.js";
import { gasOf, type BenchSuite, type Budget } from "./types.js";

const DAY = 86_400n;
/** Policies bought before `insurance.buy_policy_after_1000` is measured. */
const PRIOR_POLICIES = 1000;
/** The parametric batch whose marginal gas per policy is measured. */
const BATCH = 50;

function terms(poolId: bigint, over: Partial<ProductTerms>): ProductTerms {
  return {
    poolId,
    peril: Peril.Property,
    parametric: false,
    minLevel: 2,
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
 * The insurance service. `insurance.buy_policy` is a property policy (the parcel's owner, verified, premium from an
 * existing allowance), measured in steady state (the pool and the policy counter already written by an earlier
 * purchase), and again after 1000 other policies. `insurance.claim_total` sums the three transactions of an
 * assessed claim below the four-eyes threshold: the holder submits, one assessor confirms (which credits the
 * holder identity), the holder withdraws to its primary wallet. `insurance.parametric_per_policy` is the marginal
 * gas per policy of settling a batch of 50 policies of 50 different holders (each credit a fresh slot):
 * (batch of 50 - batch of 1) / 49.
 */
export const insuranceSuite: BenchSuite = async ({ connection, city }) => {
  const { ethers, networkHelpers } = connection;
  const { time } = networkHelpers;
  const { identity, insurance, landRegistry, token, accounts } = city;
  const { registrar, treasurer, landRegistrar, insurer, assessor, oracle, alice, bob, carol, dave } = accounts;
  const ops: Record<string, bigint> = {};
  const address = await insurance.getAddress();
  const validUntil = BigInt(await time.latest()) + 3650n * DAY;

  const ids: Record<string, bigint> = {};
  const register = async (label: string, wallet: string, kind: number = IdentityKind.Resident) => {
    await (
      await identity
        .connect(registrar)
        .register(kind, AssuranceLevel.BIOMETRIC, id(`subject ${label}`), id(`record ${label}`), validUntil, wallet)
    ).wait();
    return identity.identityOf(wallet);
  };
  for (const [name, signer] of Object.entries({ alice, bob, carol, dave }))
    ids[name] = await register(name, signer.address);
  await register("insurer", insurer.address, IdentityKind.Business);
  for (const signer of [insurer, alice, bob, carol, dave]) {
    await (await token.connect(treasurer).mint(signer.address, parseEther("100000000"))).wait();
    await (await token.connect(signer).approve(address, parseEther("100000000"))).wait();
  }
  ops["insurance.create_pool"] = await gasOf(insurance.connect(insurer).createPool());
  ops["insurance.fund_pool"] = await gasOf(insurance.connect(insurer).fundPool(1n, parseEther("50000000")));
  ops["insurance.create_product"] = await gasOf(insurance.connect(insurer).createProduct(terms(1n, {})));
  await (await insurance.connect(insurer).createProduct(terms(1n, { peril: Peril.Health }))).wait(); // product 2
  await (
    await insurance
      .connect(insurer)
      .createProduct(
        terms(1n, { peril: Peril.Flood, parametric: true, term: 0n, waitingPeriod: 0n, deductible: 0n, trigger: 150n }),
      )
  ).wait(); // product 3

  // The land service fails closed until the city sets its minimum level (review I-03).
  await (await city.identity.connect(city.accounts.admin).setServiceMinLevel(encodeBytes32String("land"), 1)).wait();
  let lot = 0;
  const parcelOf = async (owner: bigint) => {
    await (
      await landRegistry
        .connect(landRegistrar)
        .registerParcel(parcelSpec(`INS-${String(++lot).padStart(5, "0")}`, 500n), [{ identityId: owner, bps: 10_000 }])
    ).wait();
    return BigInt(lot);
  };
  const house = parseEther("300000");

  // Warm-up purchase (first policy ever: the counter and the pool's premium go from zero to non-zero).
  ops["insurance.buy_policy_first"] = await gasOf(insurance.connect(bob).buyPolicy(1n, await parcelOf(ids.bob), house));
  const aliceParcel = await parcelOf(ids.alice);
  ops["insurance.buy_policy"] = await gasOf(insurance.connect(alice).buyPolicy(1n, aliceParcel, house));
  const alicePolicy = 2n;

  const premium = parseEther("10") + house / 100n;
  const deadline = BigInt(await time.latest()) + DAY;
  const daveParcel = await parcelOf(ids.dave);
  await (await token.connect(dave).approve(address, 0n)).wait();
  const permit = await signPermit(dave, token, address, premium, deadline);
  ops["insurance.buy_policy_with_permit"] = await gasOf(
    insurance.connect(dave).buyPolicyWithPermit(1n, daveParcel, house, deadline, permit.v, permit.r, permit.s),
  );

  for (let i = 0; i < PRIOR_POLICIES; i++)
    await (await insurance.connect(carol).buyPolicy(2n, 0n, parseEther("5000"))).wait();
  const carolParcel = await parcelOf(ids.carol);
  ops["insurance.buy_policy_after_1000"] = await gasOf(insurance.connect(carol).buyPolicy(1n, carolParcel, house));

  // An assessed claim below the four-eyes threshold: submit, confirm (credits the holder), withdraw.
  await time.increase(8n * DAY);
  const incident = id("burst pipe 2026-12-04");
  const amount = parseEther("20000");
  const submit = await gasOf(insurance.connect(alice).submitClaim(alicePolicy, incident, amount, id("evidence")));
  const claimId = (await insurance.queryFilter(insurance.filters.ClaimSubmitted())).at(-1)!.args.claimId;
  const confirm = await gasOf(insurance.connect(assessor).confirmClaim(claimId, amount));
  const withdraw = await gasOf(insurance.connect(alice).withdraw());
  ops["insurance.claim_submit"] = submit;
  ops["insurance.claim_confirm"] = confirm;
  ops["insurance.withdraw"] = withdraw;
  ops["insurance.claim_total"] = submit + confirm + withdraw;

  // Parametric: 1 + 50 policies of two risks, each policy held by a different fresh identity.
  const start = BigInt(await time.latest()) + DAY;
  await (await insurance.connect(insurer).createRisk(3n, start, start + DAY, id("district 1"))).wait(); // risk 1
  await (await insurance.connect(insurer).createRisk(3n, start, start + DAY, id("district 2"))).wait(); // risk 2
  for (let i = 0; i < BATCH + 1; i++) {
    const wallet = getAddress(id(`holder ${i}`).slice(0, 42));
    await networkHelpers.setBalance(wallet, parseEther("10"));
    const holder = await ethers.getImpersonatedSigner(wallet);
    await register(`holder ${i}`, wallet);
    await (await token.connect(treasurer).mint(wallet, parseEther("1000"))).wait();
    await (await token.connect(holder).approve(address, parseEther("1000"))).wait();
    await (await insurance.connect(holder).buyPolicy(3n, i === 0 ? 1n : 2n, parseEther("5000"))).wait();
  }
  await time.increaseTo(start + DAY + 1n);
  await (await insurance.connect(oracle).postResult(1n, 180n)).wait();
  await (await insurance.connect(oracle).postResult(2n, 180n)).wait();
  const one = await gasOf(insurance.connect(alice).settleRisk(1n, 1n));
  const fifty = await gasOf(insurance.connect(alice).settleRisk(2n, BigInt(BATCH)));
  ops["insurance.parametric_batch_1"] = one;
  ops["insurance.parametric_batch_50"] = fifty;
  ops["insurance.parametric_per_policy"] = (fifty - one) / BigInt(BATCH - 1);
  // Issue 20: a claim relayed with the holder's EIP-712 ECDSA signature (dave, policy 3) next to the same claim
  // relayed with the holder's passkey assertion (bob, policy 1): each its identity's first relayed claim.
  {
    const relay = city.insuranceRelay.connect(accounts.mallory);
    const FAR = 1n << 40n;
    const claimOf = (holderId: bigint, policyId: bigint) => ({
      holderId,
      policyId,
      incident: id(`storm ${policyId}`),
      amount,
      evidenceCommitment: id(`evidence ${policyId}`),
      deadline: FAR,
    });
    const { claim: c, signature } = await signClaim(dave, city.insuranceRelay, claimOf(ids.dave, 3n));
    ops["insurance.claim_by_signature"] = await gasOf(
      relay.submitClaimBySignature(c.holderId, c.policyId, c.incident, c.amount, c.evidenceCommitment, FAR, signature),
    );
    const key = new SoftwareAuthenticator("localhost", "http://localhost", new Uint8Array(32).fill(0xb2));
    await (
      await city.passkeys.connect(bob).registerPasskey(ids.bob, key.publicKey.qx, key.publicKey.qy, "0x02")
    ).wait();
    const p = await claimToSign(city.insuranceRelay, claimOf(ids.bob, 1n));
    const assertion = key.assert(await city.passkeys.passkeyCount(), await claimDigest(city.insuranceRelay, p));
    ops["insurance.claim_by_passkey"] = await gasOf(
      relay.submitClaimByPasskey(p.holderId, p.policyId, p.incident, p.amount, p.evidenceCommitment, FAR, assertion),
    );
  }
  return ops;
};

/** Issue 8 (insurance). */
export const insuranceBudgets: Budget[] = [
  { operation: "insurance.buy_policy", atMost: 2, of: "ref.erc721.mint" },
  { operation: "insurance.buy_policy_after_1000", withinPercent: 2, of: "insurance.buy_policy" },
  { operation: "insurance.claim_total", atMost: 3, of: "ref.erc20.transfer" },
  { operation: "insurance.parametric_per_policy", atMost: 0.75, of: "ref.erc20.transfer" },
];
