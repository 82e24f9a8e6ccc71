import { expect } from "chai";
import { network } from "hardhat";

import { CONSENT_APPROVAL_TYPES, keyedNonce, serviceDomain, signConsentApproval } from "../../src/eip712.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

const ACTION = ethers.id("transfer parcel 7 to bob for 100 CITY");
const DAY = 86_400n;

async function consentFixture() {
  const [initiator, alice, bob, carol, walletOwner, stranger] = await ethers.getSigners();
  const consent = await ethers.deployContract("ConsentHarness");
  const otherService = await ethers.deployContract("ConsentHarness");
  const wallet = await ethers.deployContract("ERC1271Wallet", [walletOwner.address]);
  const deadline = BigInt(await networkHelpers.time.latest()) + DAY;
  await consent.request(ACTION, [alice.address, bob.address, await wallet.getAddress()], deadline);
  return { consent, otherService, wallet, deadline, initiator, alice, bob, carol, walletOwner, stranger };
}

describe("MultiPartyConsent", function () {
  describe("requests", function () {
    it("opens a request naming its parties, action and deadline", async function () {
      const { consent, alice, bob, wallet, deadline, initiator } = await networkHelpers.loadFixture(consentFixture);
      const parties = [alice.address, bob.address, await wallet.getAddress()];
      await expect(consent.request(ACTION, parties, deadline))
        .to.emit(consent, "ConsentRequested")
        .withArgs(2n, ACTION, initiator.address, parties, deadline);
      const request = await consent.consentRequest(2n);
      expect(request.partyCount).to.equal(3n);
      expect(request.approvals).to.equal(0n);
      expect(request.status).to.equal(1n); // Pending
      expect(await consent.isConsentParty(2n, alice.address)).to.equal(true);
      expect(await consent.isConsentParty(2n, initiator.address)).to.equal(false);
    });

    it("rejects no parties, too many, a zero address, duplicates, a past deadline and an empty action", async function () {
      const { consent, alice, deadline } = await networkHelpers.loadFixture(consentFixture);
      await expect(consent.request(ACTION, [], deadline)).to.be.revertedWithCustomError(consent, "ConsentNoParties");
      const many = Array.from({ length: 17 }, (_, i) =>
        ethers.getAddress(`0x${(i + 1).toString(16).padStart(40, "0")}`),
      );
      await expect(consent.request(ACTION, many, deadline))
        .to.be.revertedWithCustomError(consent, "ConsentTooManyParties")
        .withArgs(17, 16);
      await expect(consent.request(ACTION, [ethers.ZeroAddress], deadline)).to.be.revertedWithCustomError(
        consent,
        "ConsentPartyZeroAddress",
      );
      await expect(consent.request(ACTION, [alice.address, alice.address], deadline))
        .to.be.revertedWithCustomError(consent, "ConsentDuplicateParty")
        .withArgs(alice.address);
      const now = BigInt(await networkHelpers.time.latest());
      await expect(consent.request(ACTION, [alice.address], now)).to.be.revertedWithCustomError(
        consent,
        "ConsentDeadlineNotInFuture",
      );
      await expect(consent.request(ethers.ZeroHash, [alice.address], deadline)).to.be.revertedWithCustomError(
        consent,
        "ConsentActionEmpty",
      );
      expect((await consent.consentRequest(2n)).status).to.equal(0n);
    });
  });

  describe("on-chain approvals", function () {
    it("records each party's approval once and completes when all approved", async function () {
      const { consent, alice, bob, wallet, walletOwner } = await networkHelpers.loadFixture(consentFixture);
      await expect(consent.connect(alice).approve(1n))
        .to.emit(consent, "ConsentApproved")
        .withArgs(1n, alice.address, false);
      await expect(consent.connect(alice).approve(1n))
        .to.be.revertedWithCustomError(consent, "ConsentAlreadyApproved")
        .withArgs(1n, alice.address);
      await consent.connect(bob).approve(1n);
      expect(await consent.isConsentComplete(1n)).to.equal(false);
      // A contract wallet approves on-chain by calling through itself.
      const approveCall = consent.interface.encodeFunctionData("approve", [1n]);
      await expect(wallet.connect(walletOwner).execute(await consent.getAddress(), approveCall))
        .to.emit(consent, "HarnessConsentCompleted")
        .withArgs(1n, await wallet.getAddress());
      expect(await consent.isConsentComplete(1n)).to.equal(true);
      expect(await consent.hasApproved(1n, bob.address)).to.equal(true);
    });

    it("rejects a non-party, an unknown request and an expired one", async function () {
      const { consent, stranger, alice, deadline } = await networkHelpers.loadFixture(consentFixture);
      await expect(consent.connect(stranger).approve(1n))
        .to.be.revertedWithCustomError(consent, "ConsentNotAParty")
        .withArgs(1n, stranger.address);
      await expect(consent.connect(alice).approve(99n))
        .to.be.revertedWithCustomError(consent, "ConsentUnknown")
        .withArgs(99n);
      await networkHelpers.time.increaseTo(deadline + 1n);
      await expect(consent.connect(alice).approve(1n))
        .to.be.revertedWithCustomError(consent, "ConsentExpired")
        .withArgs(1n, deadline);
      expect(await consent.hasApproved(1n, alice.address)).to.equal(false);
    });
  });

  describe("signed approvals (EIP-712)", function () {
    it("accepts a party's signature submitted by anyone, and a contract wallet's (ERC-1271)", async function () {
      const { consent, alice, wallet, walletOwner, stranger, deadline } =
        await networkHelpers.loadFixture(consentFixture);
      const signed = await signConsentApproval(alice, consent, 1n, { deadline });
      expect(signed.approval.nonce).to.equal(keyedNonce(1n, 0n));
      await expect(
        consent
          .connect(stranger)
          .approveBySignature(1n, alice.address, signed.approval.nonce, deadline, signed.signature),
      )
        .to.emit(consent, "ConsentApproved")
        .withArgs(1n, alice.address, true);

      // The wallet's owner signs the wallet's approval; the wallet validates it (ERC-1271).
      const walletAddress = await wallet.getAddress();
      const nonce = await consent["nonces(address,uint192)"](walletAddress, 1n);
      const approval = { consentId: 1n, actionHash: ACTION, nonce, deadline };
      const signature = await walletOwner.signTypedData(await serviceDomain(consent), CONSENT_APPROVAL_TYPES, approval);
      await consent.connect(stranger).approveBySignature(1n, walletAddress, nonce, deadline, signature);
      expect(await consent.hasApproved(1n, walletAddress)).to.equal(true);
    });

    it("matches the digest the contract computes", async function () {
      const { consent, deadline } = await networkHelpers.loadFixture(consentFixture);
      const nonce = keyedNonce(1n, 0n);
      const digest = ethers.TypedDataEncoder.hash(await serviceDomain(consent), CONSENT_APPROVAL_TYPES, {
        consentId: 1n,
        actionHash: ACTION,
        nonce,
        deadline,
      });
      expect(await consent.approvalDigest(1n, nonce, deadline)).to.equal(digest);
    });

    it("rejects a replayed signature", async function () {
      const { consent, alice, deadline } = await networkHelpers.loadFixture(consentFixture);
      const { approval, signature } = await signConsentApproval(alice, consent, 1n, { deadline });
      await consent.approveBySignature(1n, alice.address, approval.nonce, deadline, signature);
      await expect(consent.approveBySignature(1n, alice.address, approval.nonce, deadline, signature))
        .to.be.revertedWithCustomError(consent, "InvalidAccountNonce")
        .withArgs(alice.address, keyedNonce(1n, 1n));
    });

    it("rejects a signature made for another contract or another chain", async function () {
      const { consent, otherService, alice, deadline } = await networkHelpers.loadFixture(consentFixture);
      const nonce = keyedNonce(1n, 0n);
      const value = { consentId: 1n, actionHash: ACTION, nonce, deadline };
      const forOther = await alice.signTypedData(await serviceDomain(otherService), CONSENT_APPROVAL_TYPES, value);
      await expect(consent.approveBySignature(1n, alice.address, nonce, deadline, forOther))
        .to.be.revertedWithCustomError(consent, "ConsentInvalidSignature")
        .withArgs(1n, alice.address);
      const otherChain = { ...(await serviceDomain(consent)), chainId: 1n };
      const forChain1 = await alice.signTypedData(otherChain, CONSENT_APPROVAL_TYPES, value);
      await expect(consent.approveBySignature(1n, alice.address, nonce, deadline, forChain1))
        .to.be.revertedWithCustomError(consent, "ConsentInvalidSignature")
        .withArgs(1n, alice.address);
      expect(await consent.hasApproved(1n, alice.address)).to.equal(false);
    });

    it("rejects a signature for another nonce, another action, or by someone else", async function () {
      const { consent, alice, bob, deadline } = await networkHelpers.loadFixture(consentFixture);
      const domain = await serviceDomain(consent);
      const nonce = keyedNonce(1n, 0n);
      const wrongNonce = await alice.signTypedData(domain, CONSENT_APPROVAL_TYPES, {
        consentId: 1n,
        actionHash: ACTION,
        nonce: nonce + 5n,
        deadline,
      });
      await expect(
        consent.approveBySignature(1n, alice.address, nonce, deadline, wrongNonce),
      ).to.be.revertedWithCustomError(consent, "ConsentInvalidSignature");
      // A signature for a future nonce is authentic but out of order.
      await expect(consent.approveBySignature(1n, alice.address, nonce + 5n, deadline, wrongNonce))
        .to.be.revertedWithCustomError(consent, "InvalidAccountNonce")
        .withArgs(alice.address, nonce);
      const wrongAction = await alice.signTypedData(domain, CONSENT_APPROVAL_TYPES, {
        consentId: 1n,
        actionHash: ethers.id("other"),
        nonce,
        deadline,
      });
      await expect(
        consent.approveBySignature(1n, alice.address, nonce, deadline, wrongAction),
      ).to.be.revertedWithCustomError(consent, "ConsentInvalidSignature");
      const byBob = await bob.signTypedData(domain, CONSENT_APPROVAL_TYPES, {
        consentId: 1n,
        actionHash: ACTION,
        nonce,
        deadline,
      });
      await expect(consent.approveBySignature(1n, alice.address, nonce, deadline, byBob)).to.be.revertedWithCustomError(
        consent,
        "ConsentInvalidSignature",
      );
      await expect(
        consent.approveBySignature(1n, alice.address, nonce, deadline, "0x1234"),
      ).to.be.revertedWithCustomError(consent, "ConsentInvalidSignature");
    });

    it("rejects a signature past its own deadline", async function () {
      const { consent, alice } = await networkHelpers.loadFixture(consentFixture);
      const soon = BigInt(await networkHelpers.time.latest()) + 60n;
      const { approval, signature } = await signConsentApproval(alice, consent, 1n, { deadline: soon });
      await networkHelpers.time.increaseTo(soon); // the next transaction is mined at soon + 1
      await expect(consent.approveBySignature(1n, alice.address, approval.nonce, soon, signature))
        .to.be.revertedWithCustomError(consent, "ConsentSignatureExpired")
        .withArgs(soon, soon + 1n);
    });

    it("lets a signer burn a nonce to withdraw a signature it gave", async function () {
      const { consent, alice, deadline } = await networkHelpers.loadFixture(consentFixture);
      const { approval, signature } = await signConsentApproval(alice, consent, 1n, { deadline });
      await expect(consent.connect(alice).invalidateNonce(1n))
        .to.emit(consent, "ConsentNonceInvalidated")
        .withArgs(alice.address, 1n, approval.nonce);
      await expect(
        consent.approveBySignature(1n, alice.address, approval.nonce, deadline, signature),
      ).to.be.revertedWithCustomError(consent, "InvalidAccountNonce");
    });
  });

  describe("execution, refusal, cancellation", function () {
    async function approveAll(f: Awaited<ReturnType<typeof consentFixture>>) {
      await f.consent.connect(f.alice).approve(1n);
      await f.consent.connect(f.bob).approve(1n);
      await f.consent.approveAs(1n, await f.wallet.getAddress());
    }

    it("executes only the approved action, once, when everyone agreed", async function () {
      const f = await networkHelpers.loadFixture(consentFixture);
      await f.consent.connect(f.alice).approve(1n);
      await expect(f.consent.execute(1n, ACTION))
        .to.be.revertedWithCustomError(f.consent, "ConsentIncomplete")
        .withArgs(1n, 1, 3);
      await f.consent.connect(f.bob).approve(1n);
      await f.consent.approveAs(1n, await f.wallet.getAddress());
      await expect(f.consent.execute(1n, ethers.id("something else")))
        .to.be.revertedWithCustomError(f.consent, "ConsentActionMismatch")
        .withArgs(1n, ACTION, ethers.id("something else"));
      await expect(f.consent.execute(1n, ACTION)).to.emit(f.consent, "ConsentExecuted").withArgs(1n, ACTION);
      expect((await f.consent.consentRequest(1n)).status).to.equal(2n); // Executed
      expect(await f.consent.isConsentComplete(1n)).to.equal(false);
      await expect(f.consent.execute(1n, ACTION))
        .to.be.revertedWithCustomError(f.consent, "ConsentNotPending")
        .withArgs(1n, 2);
    });

    it("refuses to execute after the deadline even if everyone approved", async function () {
      const f = await networkHelpers.loadFixture(consentFixture);
      await approveAll(f);
      await networkHelpers.time.increaseTo(f.deadline + 1n);
      expect(await f.consent.isConsentComplete(1n)).to.equal(false);
      await expect(f.consent.execute(1n, ACTION))
        .to.be.revertedWithCustomError(f.consent, "ConsentExpired")
        .withArgs(1n, f.deadline);
    });

    it("lets any party decline, which cancels the request for everyone", async function () {
      const f = await networkHelpers.loadFixture(consentFixture);
      await f.consent.connect(f.alice).approve(1n);
      await expect(f.consent.connect(f.stranger).decline(1n))
        .to.be.revertedWithCustomError(f.consent, "ConsentNotAParty")
        .withArgs(1n, f.stranger.address);
      await expect(f.consent.connect(f.bob).decline(1n))
        .to.emit(f.consent, "ConsentCancelled")
        .withArgs(1n, f.bob.address)
        .and.to.emit(f.consent, "HarnessConsentCancelled")
        .withArgs(1n);
      await expect(f.consent.connect(f.alice).approve(1n))
        .to.be.revertedWithCustomError(f.consent, "ConsentNotPending")
        .withArgs(1n, 3);
      await expect(f.consent.execute(1n, ACTION)).to.be.revertedWithCustomError(f.consent, "ConsentNotPending");
    });

    it("lets the service cancel, and refuses to cancel twice", async function () {
      const f = await networkHelpers.loadFixture(consentFixture);
      await expect(f.consent.cancel(1n)).to.emit(f.consent, "ConsentCancelled").withArgs(1n, f.initiator.address);
      await expect(f.consent.cancel(1n)).to.be.revertedWithCustomError(f.consent, "ConsentNotPending").withArgs(1n, 3);
      await expect(f.consent.cancel(7n)).to.be.revertedWithCustomError(f.consent, "ConsentUnknown").withArgs(7n);
    });
  });
});
