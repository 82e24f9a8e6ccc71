import { expect } from "chai";
import { parseEther } from "ethers";

import { documentCommitment } from "../../src/documents.js";
import { ClaimStatus, claimIdOf, claimToSign, signClaim } from "../../src/insurance.js";
import { serviceId, serviceMetadata } from "../../src/services.js";
import type { InsuranceClaimsRelayV2 } from "../../typechain-types/index.js";
import { snapshotViews, upgradeService } from "../shared/upgrades.js";
import { byPasskey, bySignature, claimOf, deployRelayCity } from "./relayFixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

/** Live relay: one claim relayed (alice's nonce is 1), a passkey threshold set, a claim signed and not yet filed. */
async function liveFixture() {
  const city = await deployRelayCity(connection);
  const { insuranceRelay, accounts } = city;
  const first = await signClaim(accounts.alice, insuranceRelay, claimOf(city, "before"));
  await bySignature(city, first.claim, first.signature);
  await insuranceRelay.connect(accounts.admin).setPasskeyLevel3From(parseEther("10000"));
  const pending = await signClaim(accounts.alice, insuranceRelay, claimOf(city, "signed before"));
  return { ...city, pending };
}

describe("InsuranceClaimsRelay upgrade", function () {
  it("is listed in the service directory with its ABI's commitment, governed by the city", async function () {
    const city = await networkHelpers.loadFixture(liveFixture);
    const { directory, insuranceRelay } = city;
    const id = serviceId("insuranceRelay");
    expect(await directory.resolve(id)).to.equal(await insuranceRelay.getAddress());
    expect(await directory.serviceOf(await insuranceRelay.getAddress())).to.equal(id);
    const record = await directory.service(id);
    expect(record.metadata).to.equal(documentCommitment(serviceMetadata("insuranceRelay")));
    expect(record.retired).to.equal(false);
  });

  it("keeps nonces, links, the EIP-712 domain, the passkey policy and permissions; a claim signed before is filed after", async function () {
    const city = await networkHelpers.loadFixture(liveFixture);
    const { insurance, insuranceRelay, accounts, ids, policyId, pending, directory } = city;
    const views = () =>
      snapshotViews({
        nonce: () => insuranceRelay.nonceOf(ids.alice),
        bobNonce: () => insuranceRelay.nonceOf(ids.bob),
        links: () => insuranceRelay.links(),
        domain: () => insuranceRelay.eip712Domain(),
        typehash: () => insuranceRelay.CLAIM_TYPEHASH(),
        policy: () => insuranceRelay.passkeyPolicy(),
        authority: () => insuranceRelay.authority(),
        claim: () => insurance.claim(claimIdOf(policyId, claimOf(city, "before").incident)),
      });
    const before = await views();
    const versionBefore = await directory.implementationVersion(serviceId("insuranceRelay"));
    const factory = await ethers.getContractFactory("InsuranceClaimsRelayV2");
    const upgraded = await upgradeService<InsuranceClaimsRelayV2>(
      connection,
      city,
      insuranceRelay,
      "InsuranceClaimsRelayV2",
      { migration: factory.interface.encodeFunctionData("initializeV2", [7n]), service: "insuranceRelay" },
    );
    expect(await views()).to.deep.equal(before);
    expect(await upgraded.v2Field()).to.equal(7n);
    expect(await upgraded.version()).to.equal("2");
    expect(await directory.implementationVersion(serviceId("insuranceRelay"))).to.equal(versionBefore + 1n);

    // The claim alice signed before the upgrade (nonce 1, same domain) is filed after it, still as INSURANCE_MODULE.
    const claimId = claimIdOf(policyId, pending.claim.incident);
    await expect(bySignature(city, pending.claim, pending.signature))
      .to.emit(upgraded, "ClaimRelayed")
      .withArgs(claimId, ids.alice, 1n, accounts.mallory.address, false);
    expect((await insurance.claim(claimId)).status).to.equal(ClaimStatus.Submitted);
    // The passkey path and its level-3 threshold still work: 20,000 CITY needs a user-verified assertion.
    const byKey = await claimToSign(upgraded, claimOf(city, "after"));
    await expect(byPasskey(city, byKey, city.keys.alice, city.passkeyIds.alice, { userVerified: false }))
      .to.be.revertedWithCustomError(city.passkeys, "PasskeyUserNotVerified")
      .withArgs("0x01");
    await expect(byPasskey(city, byKey)).to.emit(upgraded, "ClaimRelayed");
    expect(await upgraded.nonceOf(ids.alice)).to.equal(3n);
    // Permissions survive: a stranger still cannot change the policy or upgrade.
    await expect(upgraded.connect(accounts.mallory).setPasskeyLevel3From(0n))
      .to.be.revertedWithCustomError(upgraded, "AccessManagedUnauthorized")
      .withArgs(accounts.mallory.address);
    await expect(upgraded.connect(accounts.mallory).upgradeToAndCall(await upgraded.implementation(), "0x"))
      .to.be.revertedWithCustomError(upgraded, "AccessManagedUnauthorized")
      .withArgs(accounts.mallory.address);
  });

  it("refuses an upgrade by a non-UPGRADER, a second initialize, and any use of the implementation", async function () {
    const city = await networkHelpers.loadFixture(liveFixture);
    const { insuranceRelay, accounts, manager, insurance, identity } = city;
    const v2 = await ethers.deployContract("InsuranceClaimsRelayV2");
    await expect(
      insuranceRelay.connect(accounts.admin).initialize(manager, insurance, identity),
    ).to.be.revertedWithCustomError(insuranceRelay, "InvalidInitialization");
    await expect(insuranceRelay.connect(accounts.insurer).upgradeToAndCall(await v2.getAddress(), "0x"))
      .to.be.revertedWithCustomError(insuranceRelay, "AccessManagedUnauthorized")
      .withArgs(accounts.insurer.address);
    const implementation = await ethers.getContractAt("InsuranceClaimsRelay", await insuranceRelay.implementation());
    await expect(implementation.initialize(manager, insurance, identity)).to.be.revertedWithCustomError(
      implementation,
      "InvalidInitialization",
    );
  });
});
