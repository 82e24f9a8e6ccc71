import { expect } from "chai";
import { parseEther, Wallet, ZeroHash } from "ethers";

import { ClaimStatus, claimIdOf, signClaim, claimToSign } from "../../src/insurance.js";
import { claimDigest } from "../../src/passkeys.js";
import { shouldRejectUnauthorized } from "../shared/unauthorized.js";
import { evidence, incident } from "./fixtures.js";
import { byPasskey, bySignature, claimOf, deployRelayCity, type RelayCity } from "./relayFixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;
const relayFixture = () => deployRelayCity(connection);

/** Moves alice's identity to `wallet` by guardian recovery (bob and carol approve). */
async function recoverAlice(city: RelayCity, wallet: string) {
  const { identity, accounts, ids } = city;
  await identity.connect(accounts.alice).appointGuardians(ids.alice, [ids.bob, ids.carol, ids.dave], 2);
  const delay = await identity.recoveryDelay();
  await time.increase(delay);
  const recoveryId = await identity.connect(accounts.bob).initiateRecovery.staticCall(ids.alice, wallet);
  await identity.connect(accounts.bob).initiateRecovery(ids.alice, wallet);
  await identity.connect(accounts.carol).approveRecovery(recoveryId);
  await time.increase(delay + 1n);
  await identity.executeRecovery(recoveryId);
}

describe("Insurance: claims relayed by signature or passkey (InsuranceClaimsRelay, issue 20)", function () {
  it("files the holder's claim signed by its wallet, then by its passkey; each is assessed like a direct claim", async function () {
    const city = await networkHelpers.loadFixture(relayFixture);
    const { insurance, insuranceRelay, accounts, ids, policyId } = city;
    const { claim: c, signature } = await signClaim(accounts.alice, insuranceRelay, claimOf(city, "pipe"));
    const claimId = claimIdOf(policyId, c.incident);
    await expect(bySignature(city, c, signature))
      .to.emit(insurance, "ClaimSubmitted")
      .withArgs(claimId, policyId, 0n, c.incident, c.amount, c.evidenceCommitment)
      .and.to.emit(insuranceRelay, "ClaimRelayed")
      .withArgs(claimId, ids.alice, 0n, accounts.mallory.address, false);
    expect(await insuranceRelay.nonceOf(ids.alice)).to.equal(1n);
    const p = await claimToSign(insuranceRelay, claimOf(city, "roof"));
    const passkeyClaimId = claimIdOf(policyId, p.incident);
    await expect(byPasskey(city, p))
      .to.emit(insuranceRelay, "ClaimRelayed")
      .withArgs(passkeyClaimId, ids.alice, 1n, accounts.mallory.address, true);
    expect((await insurance.claim(passkeyClaimId)).status).to.equal(ClaimStatus.Submitted);
    await insurance.connect(accounts.assessor).confirmClaim(passkeyClaimId, p.amount);
    expect(await insurance.creditOf(ids.alice)).to.equal(p.amount);
  });

  it("refuses a wrong signer, a replay, an expired deadline and a signature over another policy", async function () {
    const city = await networkHelpers.loadFixture(relayFixture);
    const { insuranceRelay, accounts, ids } = city;
    const before = await insuranceRelay.nonceOf(ids.alice);
    const wrong = await signClaim(accounts.bob, insuranceRelay, claimOf(city, "a"));
    await expect(bySignature(city, wrong.claim, wrong.signature))
      .to.be.revertedWithCustomError(insuranceRelay, "InsuranceRelaySignatureInvalid")
      .withArgs(ids.alice, accounts.alice.address);
    const { claim: c, signature } = await signClaim(accounts.alice, insuranceRelay, claimOf(city, "a"));
    await bySignature(city, c, signature);
    await expect(bySignature(city, c, signature))
      .to.be.revertedWithCustomError(insuranceRelay, "InsuranceRelaySignatureInvalid")
      .withArgs(ids.alice, accounts.alice.address);
    const late = await signClaim(accounts.alice, insuranceRelay, claimOf(city, "b", { deadline: 1n }));
    await expect(bySignature(city, late.claim, late.signature))
      .to.be.revertedWithCustomError(insuranceRelay, "InsuranceRelayExpired")
      .withArgs(1n, (await time.latest()) + 1);
    const other = await signClaim(accounts.alice, insuranceRelay, claimOf(city, "c"));
    await expect(bySignature(city, { ...other.claim, policyId: 2n }, other.signature))
      .to.be.revertedWithCustomError(insuranceRelay, "InsuranceRelaySignatureInvalid")
      .withArgs(ids.alice, accounts.alice.address);
    expect(await insuranceRelay.nonceOf(ids.alice)).to.equal(before + 1n);
  });

  it("refuses a claim the signer signed on a policy it does not hold, and a suspended holder", async function () {
    const city = await networkHelpers.loadFixture(relayFixture);
    const { insurance, insuranceRelay, identity, accounts, ids } = city;
    const bobs = await signClaim(accounts.bob, insuranceRelay, claimOf(city, "a", { holderId: ids.bob }));
    await expect(bySignature(city, bobs.claim, bobs.signature))
      .to.be.revertedWithCustomError(insurance, "InsuranceNotHolder")
      .withArgs(city.policyId, ids.bob);
    await identity.connect(accounts.registrar).suspend(ids.alice, ZeroHash);
    const c = await signClaim(accounts.alice, insuranceRelay, claimOf(city, "b"));
    await expect(bySignature(city, c.claim, c.signature))
      .to.be.revertedWithCustomError(insuranceRelay, "InsuranceRelayHolderNotVerified")
      .withArgs(ids.alice);
    await expect(byPasskey(city, await claimToSign(insuranceRelay, claimOf(city, "b"))))
      .to.be.revertedWithCustomError(city.passkeys, "PasskeyIdentityNotVerified")
      .withArgs(ids.alice, 0);
  });

  it("refuses a passkey of another identity, a replayed assertion, an expired one and a missing UV when required", async function () {
    const city = await networkHelpers.loadFixture(relayFixture);
    const { insuranceRelay, passkeys, accounts, ids } = city;
    const c = await claimToSign(insuranceRelay, claimOf(city, "a"));
    await expect(byPasskey(city, c, city.keys.bob, city.passkeyIds.bob))
      .to.be.revertedWithCustomError(passkeys, "PasskeyNotOfIdentity")
      .withArgs(city.passkeyIds.bob, ids.alice, ids.bob);
    const assertion = city.keys.alice.assert(city.passkeyIds.alice, await claimDigest(insuranceRelay, c));
    const send = () =>
      insuranceRelay
        .connect(accounts.mallory)
        .submitClaimByPasskey(
          c.holderId,
          c.policyId,
          c.incident,
          c.amount,
          c.evidenceCommitment,
          c.deadline,
          assertion,
        );
    await send();
    await expect(send()).to.be.revertedWithCustomError(passkeys, "PasskeyChallengeMismatch");
    const late = await claimToSign(insuranceRelay, claimOf(city, "b", { deadline: 1n }));
    await expect(byPasskey(city, late)).to.be.revertedWithCustomError(insuranceRelay, "InsuranceRelayExpired");
    // From 10,000 CITY on, a claim by passkey needs level 3 proved by a user-verified assertion.
    await insuranceRelay.connect(accounts.admin).setPasskeyLevel3From(parseEther("10000"));
    const big = await claimToSign(insuranceRelay, claimOf(city, "c"));
    await expect(byPasskey(city, big, city.keys.alice, city.passkeyIds.alice, { userVerified: false }))
      .to.be.revertedWithCustomError(passkeys, "PasskeyUserNotVerified")
      .withArgs("0x01");
    await expect(
      byPasskey(city, { ...big, amount: parseEther("1") }, city.keys.alice, city.passkeyIds.alice, {
        userVerified: false,
      }),
    ).to.emit(insuranceRelay, "ClaimRelayed");
  });

  it("after a key recovery the old wallet's signature and passkey are dead, the new wallet's signature counts", async function () {
    const city = await networkHelpers.loadFixture(relayFixture);
    const { insuranceRelay, passkeys, accounts, ids } = city;
    const old = await signClaim(accounts.alice, insuranceRelay, claimOf(city, "a"));
    const oldPasskey = await claimToSign(insuranceRelay, claimOf(city, "a"));
    const rescue = Wallet.createRandom().connect(ethers.provider);
    await recoverAlice(city, rescue.address);
    await expect(bySignature(city, old.claim, old.signature))
      .to.be.revertedWithCustomError(insuranceRelay, "InsuranceRelaySignatureInvalid")
      .withArgs(ids.alice, rescue.address);
    await expect(byPasskey(city, oldPasskey)).to.be.revertedWithCustomError(passkeys, "PasskeyReplacedByRecovery");
    const fresh = await signClaim(rescue, insuranceRelay, claimOf(city, "a"));
    await expect(bySignature(city, fresh.claim, fresh.signature)).to.emit(insuranceRelay, "ClaimRelayed");
  });

  it("files the claim of a holder whose wallet is an ERC-1271 contract wallet; another key's signature is refused", async function () {
    const city = await networkHelpers.loadFixture(relayFixture);
    const { insurance, insuranceRelay, accounts, ids, policyId } = city;
    const owner = Wallet.createRandom();
    const custodian = await ethers.deployContract("ERC1271Wallet", [owner.address]);
    const wallet = await custodian.getAddress();
    await recoverAlice(city, wallet);
    expect(await city.identity.walletOf(ids.alice)).to.equal(wallet);
    // Signed by a key the contract wallet does not accept (alice's former EOA): refused, nonce untouched.
    const forged = await signClaim(accounts.alice, insuranceRelay, claimOf(city, "flood"));
    await expect(bySignature(city, forged.claim, forged.signature))
      .to.be.revertedWithCustomError(insuranceRelay, "InsuranceRelaySignatureInvalid")
      .withArgs(ids.alice, wallet);
    expect(await insuranceRelay.nonceOf(ids.alice)).to.equal(0n);
    // Signed by the wallet's owner: the wallet answers ERC-1271 `isValidSignature`, the claim is filed.
    const { claim: c, signature } = await signClaim(owner, insuranceRelay, claimOf(city, "flood"));
    const claimId = claimIdOf(policyId, c.incident);
    await expect(bySignature(city, c, signature))
      .to.emit(insuranceRelay, "ClaimRelayed")
      .withArgs(claimId, ids.alice, 0n, accounts.mallory.address, false);
    expect((await insurance.claim(claimId)).status).to.equal(ClaimStatus.Submitted);
    expect(await insuranceRelay.nonceOf(ids.alice)).to.equal(1n);
  });

  it("files a claim for a holder only from the relay (INSURANCE_MODULE)", async function () {
    const city = await networkHelpers.loadFixture(relayFixture);
    const { insurance, accounts, ids, policyId } = city;
    await expect(
      insurance.connect(accounts.alice).submitClaimFor(ids.alice, policyId, incident("a"), 1n, evidence("a")),
    ).to.be.revertedWithCustomError(insurance, "AccessManagedUnauthorized");
  });

  shouldRejectUnauthorized(async () => {
    const city = await networkHelpers.loadFixture(relayFixture);
    return {
      contracts: { InsuranceClaimsRelay: city.insuranceRelay },
      manager: city.manager,
      stranger: city.accounts.mallory,
    };
  }, ["InsuranceClaimsRelay"]);
});
