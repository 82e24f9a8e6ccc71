import { expect } from "chai";

import { deployBehindProxy } from "../../src/proxy.js";
import type { ConsentHarness } from "../../typechain-types/index.js";
import { CONSENT_APPROVAL_TYPES, keyedNonce, serviceDomain, signConsentApproval } from "../../src/eip712.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

const ACTION = ethers.id("transfer parcel 7 to bob for 100 CITY");
const DAY = 86_400n;

/** Identity ids of the parties: alice 1, bob 2, the contract wallet's identity 3; carol 4 is no party. */
const ALICE = 1n;
const BOB = 2n;
const WALLET = 3n;
const CAROL = 4n;
const Status = { Active: 1, Suspended: 2, Revoked: 3 } as const;

async function consentFixture() {
  const [initiator, alice, bob, carol, walletOwner, stranger, aliceNewKey] = await ethers.getSigners();
  const identity = await ethers.deployContract("IdentityRegistryMock");
  const harness = async () =>
    deployBehindProxy<ConsentHarness>(connection, "ConsentHarness", [initiator.address, await identity.getAddress()]);
  const consent = await harness();
  const otherService = await harness();
  const wallet = await ethers.deployContract("ERC1271Wallet", [walletOwner.address]);
  await identity.set(ALICE, alice.address);
  await identity.set(BOB, bob.address);
  await identity.set(WALLET, await wallet.getAddress());
  await identity.set(CAROL, carol.address);
  const deadline = BigInt(await networkHelpers.time.latest()) + DAY;
  await consent.request(ACTION, [ALICE, BOB, WALLET], deadline);
  return {
    identity,
    consent,
    otherService,
    wallet,
    deadline,
    initiator,
    alice,
    bob,
    carol,
    walletOwner,
    stranger,
    aliceNewKey,
  };
}

describe("MultiPartyConsent", function () {
  describe("requests", function () {
    it("opens a request naming its parties, action and deadline", async function () {
      const { consent, deadline, initiator } = await networkHelpers.loadFixture(consentFixture);
      const parties = [ALICE, BOB, WALLET];
      await expect(consent.request(ACTION, parties, deadline))
        .to.emit(consent, "ConsentRequested")
        .withArgs(2n, ACTION, initiator.address, parties, deadline);
      const request = await consent.consentRequest(2n);
      expect(request.partyCount).to.equal(3n);
      expect(request.approvals).to.equal(0n);
      expect(request.status).to.equal(1n); // Pending
      expect(await consent.isConsentParty(2n, ALICE)).to.equal(true);
      expect(await consent.isConsentParty(2n, CAROL)).to.equal(false);
    });

    it("rejects no parties, too many, a zero id, duplicates, a past or too far deadline and an empty action", async function () {
      const { consent, deadline } = await networkHelpers.loadFixture(consentFixture);
      await expect(consent.request(ACTION, [], deadline)).to.be.revertedWithCustomError(consent, "ConsentNoParties");
      const many = Array.from({ length: 18 }, (_, i) => BigInt(i + 1));
      await expect(consent.request(ACTION, many, deadline))
        .to.be.revertedWithCustomError(consent, "ConsentTooManyParties")
        .withArgs(18, 17);
      await expect(consent.request(ACTION, many.slice(0, 17), deadline)).to.emit(consent, "ConsentRequested");
      await expect(consent.request(ACTION, [0n], deadline)).to.be.revertedWithCustomError(consent, "ConsentPartyZero");
      await expect(consent.request(ACTION, [ALICE, ALICE], deadline))
        .to.be.revertedWithCustomError(consent, "ConsentDuplicateParty")
        .withArgs(ALICE);
      const now = BigInt(await networkHelpers.time.latest());
      await expect(consent.request(ACTION, [ALICE], now)).to.be.revertedWithCustomError(
        consent,
        "ConsentDeadlineNotInFuture",
      );
      // I-09: a deadline has an upper bound.
      const max = await consent.MAX_CONSENT_DURATION();
      await expect(consent.request(ACTION, [ALICE], now + max + 10n))
        .to.be.revertedWithCustomError(consent, "ConsentDeadlineTooFar")
        .withArgs(now + max + 10n, now + 1n + max);
      await expect(consent.request(ethers.ZeroHash, [ALICE], deadline)).to.be.revertedWithCustomError(
        consent,
        "ConsentActionEmpty",
      );
      expect((await consent.consentRequest(3n)).status).to.equal(0n);
    });
  });

  describe("on-chain approvals", function () {
    it("records each party's approval once and completes when all approved", async function () {
      const { consent, alice, bob, wallet, walletOwner } = await networkHelpers.loadFixture(consentFixture);
      await expect(consent.connect(alice).approve(1n)).to.emit(consent, "ConsentApproved").withArgs(1n, ALICE, false);
      await expect(consent.connect(alice).approve(1n))
        .to.be.revertedWithCustomError(consent, "ConsentAlreadyApproved")
        .withArgs(1n, ALICE);
      await consent.connect(bob).approve(1n);
      expect(await consent.isConsentComplete(1n)).to.equal(false);
      // A contract wallet approves on-chain by calling through itself.
      const approveCall = consent.interface.encodeFunctionData("approve", [1n]);
      await expect(wallet.connect(walletOwner).execute(await consent.getAddress(), approveCall))
        .to.emit(consent, "HarnessConsentCompleted")
        .withArgs(1n, WALLET);
      expect(await consent.isConsentComplete(1n)).to.equal(true);
      expect(await consent.hasApproved(1n, BOB)).to.equal(true);
    });

    it("rejects a non-party, a wallet of no identity, an unknown request and an expired one", async function () {
      const { consent, stranger, alice, carol, deadline } = await networkHelpers.loadFixture(consentFixture);
      await expect(consent.connect(carol).approve(1n))
        .to.be.revertedWithCustomError(consent, "ConsentNotAParty")
        .withArgs(1n, CAROL);
      await expect(consent.connect(stranger).approve(1n))
        .to.be.revertedWithCustomError(consent, "ConsentCallerNotPrimaryWallet")
        .withArgs(stranger.address);
      await expect(consent.connect(alice).approve(99n))
        .to.be.revertedWithCustomError(consent, "ConsentUnknown")
        .withArgs(99n);
      await networkHelpers.time.increaseTo(deadline + 1n);
      await expect(consent.connect(alice).approve(1n))
        .to.be.revertedWithCustomError(consent, "ConsentExpired")
        .withArgs(1n, deadline);
      expect(await consent.hasApproved(1n, ALICE)).to.equal(false);
    });

    it("H-01: a recovery moves the party's right to the new wallet; the old key can do nothing", async function () {
      const { identity, consent, alice, aliceNewKey, deadline } = await networkHelpers.loadFixture(consentFixture);
      const oldKeySigned = await signConsentApproval(alice, consent, 1n, ALICE, { deadline });
      await identity.recover(ALICE, aliceNewKey.address);
      await expect(consent.connect(alice).approve(1n))
        .to.be.revertedWithCustomError(consent, "ConsentCallerNotPrimaryWallet")
        .withArgs(alice.address);
      await expect(consent.connect(alice).decline(1n))
        .to.be.revertedWithCustomError(consent, "ConsentCallerNotPrimaryWallet")
        .withArgs(alice.address);
      await expect(consent.connect(alice).invalidateNonce(1n)).to.be.revertedWithCustomError(
        consent,
        "ConsentCallerNotPrimaryWallet",
      );
      // A signature the old key made before the recovery dies with the recovery.
      const { nonce } = oldKeySigned.approval;
      await expect(consent.approveBySignature(1n, ALICE, nonce, deadline, oldKeySigned.signature))
        .to.be.revertedWithCustomError(consent, "ConsentInvalidSignature")
        .withArgs(1n, ALICE);
      await expect(consent.connect(aliceNewKey).approve(1n))
        .to.emit(consent, "ConsentApproved")
        .withArgs(1n, ALICE, false);
      expect(await consent.hasApproved(1n, ALICE)).to.equal(true);
    });

    it("H-01: a suspended, revoked or expired identity can neither approve nor decline", async function () {
      const { identity, consent, alice, bob, deadline } = await networkHelpers.loadFixture(consentFixture);
      await identity.setStatus(ALICE, Status.Suspended);
      await expect(consent.connect(alice).approve(1n))
        .to.be.revertedWithCustomError(consent, "ConsentPartyNotVerified")
        .withArgs(ALICE);
      await expect(consent.connect(alice).decline(1n))
        .to.be.revertedWithCustomError(consent, "ConsentPartyNotVerified")
        .withArgs(ALICE);
      const signed = await signConsentApproval(alice, consent, 1n, ALICE, { deadline });
      await expect(consent.approveBySignature(1n, ALICE, signed.approval.nonce, deadline, signed.signature))
        .to.be.revertedWithCustomError(consent, "ConsentPartyNotVerified")
        .withArgs(ALICE);
      await identity.setStatus(BOB, Status.Revoked);
      await expect(consent.connect(bob).approve(1n))
        .to.be.revertedWithCustomError(consent, "ConsentCallerNotPrimaryWallet")
        .withArgs(bob.address);
    });
  });

  describe("signed approvals (EIP-712)", function () {
    it("accepts a party's signature submitted by anyone, and a contract wallet's (ERC-1271)", async function () {
      const { consent, alice, walletOwner, stranger, deadline } = await networkHelpers.loadFixture(consentFixture);
      const signed = await signConsentApproval(alice, consent, 1n, ALICE, { deadline });
      expect(signed.approval.nonce).to.equal(keyedNonce(1n, 0n));
      await expect(
        consent.connect(stranger).approveBySignature(1n, ALICE, signed.approval.nonce, deadline, signed.signature),
      )
        .to.emit(consent, "ConsentApproved")
        .withArgs(1n, ALICE, true);

      // The wallet's owner signs the wallet identity's approval; the wallet validates it (ERC-1271).
      const nonce = await consent.consentNonce(WALLET, 1n);
      const approval = { consentId: 1n, partyId: WALLET, actionHash: ACTION, nonce, deadline };
      const signature = await walletOwner.signTypedData(await serviceDomain(consent), CONSENT_APPROVAL_TYPES, approval);
      await consent.connect(stranger).approveBySignature(1n, WALLET, nonce, deadline, signature);
      expect(await consent.hasApproved(1n, WALLET)).to.equal(true);
    });

    it("L-02: a custodian's signature for one client's wallet does not approve for another client's", async function () {
      const { identity, consent, walletOwner, deadline } = await networkHelpers.loadFixture(consentFixture);
      // A second wallet with the same owner key (a custodian holding two clients' wallets).
      const second = await ethers.deployContract("ERC1271Wallet", [walletOwner.address]);
      const SECOND = 9n;
      await identity.set(SECOND, await second.getAddress());
      await consent.request(ACTION, [WALLET, SECOND], deadline);
      const nonce = keyedNonce(2n, 0n);
      const forFirst = await walletOwner.signTypedData(await serviceDomain(consent), CONSENT_APPROVAL_TYPES, {
        consentId: 2n,
        partyId: WALLET,
        actionHash: ACTION,
        nonce,
        deadline,
      });
      await expect(consent.approveBySignature(2n, SECOND, nonce, deadline, forFirst))
        .to.be.revertedWithCustomError(consent, "ConsentInvalidSignature")
        .withArgs(2n, SECOND);
      await consent.approveBySignature(2n, WALLET, nonce, deadline, forFirst);
      expect(await consent.hasApproved(2n, WALLET)).to.equal(true);
      expect(await consent.hasApproved(2n, SECOND)).to.equal(false);
    });

    it("matches the digest the contract computes", async function () {
      const { consent, deadline } = await networkHelpers.loadFixture(consentFixture);
      const nonce = keyedNonce(1n, 0n);
      const digest = ethers.TypedDataEncoder.hash(await serviceDomain(consent), CONSENT_APPROVAL_TYPES, {
        consentId: 1n,
        partyId: ALICE,
        actionHash: ACTION,
        nonce,
        deadline,
      });
      expect(await consent.approvalDigest(1n, ALICE, nonce, deadline)).to.equal(digest);
      expect(await consent.CONSENT_APPROVAL_TYPEHASH()).to.equal(
        ethers.id(
          "ConsentApproval(uint256 consentId,uint256 partyId,bytes32 actionHash,uint256 nonce,uint256 deadline)",
        ),
      );
    });

    it("rejects a replayed signature", async function () {
      const { consent, alice, deadline } = await networkHelpers.loadFixture(consentFixture);
      const { approval, signature } = await signConsentApproval(alice, consent, 1n, ALICE, { deadline });
      await consent.approveBySignature(1n, ALICE, approval.nonce, deadline, signature);
      await expect(consent.approveBySignature(1n, ALICE, approval.nonce, deadline, signature))
        .to.be.revertedWithCustomError(consent, "ConsentNonceInvalid")
        .withArgs(ALICE, approval.nonce, keyedNonce(1n, 1n));
    });

    it("rejects a signature made for another contract or another chain", async function () {
      const { consent, otherService, alice, deadline } = await networkHelpers.loadFixture(consentFixture);
      const nonce = keyedNonce(1n, 0n);
      const value = { consentId: 1n, partyId: ALICE, actionHash: ACTION, nonce, deadline };
      const forOther = await alice.signTypedData(await serviceDomain(otherService), CONSENT_APPROVAL_TYPES, value);
      await expect(consent.approveBySignature(1n, ALICE, nonce, deadline, forOther))
        .to.be.revertedWithCustomError(consent, "ConsentInvalidSignature")
        .withArgs(1n, ALICE);
      const otherChain = { ...(await serviceDomain(consent)), chainId: 1n };
      const forChain1 = await alice.signTypedData(otherChain, CONSENT_APPROVAL_TYPES, value);
      await expect(consent.approveBySignature(1n, ALICE, nonce, deadline, forChain1))
        .to.be.revertedWithCustomError(consent, "ConsentInvalidSignature")
        .withArgs(1n, ALICE);
      expect(await consent.hasApproved(1n, ALICE)).to.equal(false);
    });

    it("rejects a signature for another nonce, another action, or by someone else", async function () {
      const { consent, alice, bob, deadline } = await networkHelpers.loadFixture(consentFixture);
      const domain = await serviceDomain(consent);
      const nonce = keyedNonce(1n, 0n);
      const wrongNonce = await alice.signTypedData(domain, CONSENT_APPROVAL_TYPES, {
        consentId: 1n,
        partyId: ALICE,
        actionHash: ACTION,
        nonce: nonce + 5n,
        deadline,
      });
      await expect(consent.approveBySignature(1n, ALICE, nonce, deadline, wrongNonce)).to.be.revertedWithCustomError(
        consent,
        "ConsentInvalidSignature",
      );
      // A signature for a future nonce is authentic but out of order.
      await expect(consent.approveBySignature(1n, ALICE, nonce + 5n, deadline, wrongNonce))
        .to.be.revertedWithCustomError(consent, "ConsentNonceInvalid")
        .withArgs(ALICE, nonce + 5n, nonce);
      const wrongAction = await alice.signTypedData(domain, CONSENT_APPROVAL_TYPES, {
        consentId: 1n,
        partyId: ALICE,
        actionHash: ethers.id("other"),
        nonce,
        deadline,
      });
      await expect(consent.approveBySignature(1n, ALICE, nonce, deadline, wrongAction)).to.be.revertedWithCustomError(
        consent,
        "ConsentInvalidSignature",
      );
      const byBob = await bob.signTypedData(domain, CONSENT_APPROVAL_TYPES, {
        consentId: 1n,
        partyId: ALICE,
        actionHash: ACTION,
        nonce,
        deadline,
      });
      await expect(consent.approveBySignature(1n, ALICE, nonce, deadline, byBob)).to.be.revertedWithCustomError(
        consent,
        "ConsentInvalidSignature",
      );
      await expect(consent.approveBySignature(1n, ALICE, nonce, deadline, "0x1234")).to.be.revertedWithCustomError(
        consent,
        "ConsentInvalidSignature",
      );
    });

    it("rejects a signature past its own deadline", async function () {
      const { consent, alice } = await networkHelpers.loadFixture(consentFixture);
      const soon = BigInt(await networkHelpers.time.latest()) + 60n;
      const { approval, signature } = await signConsentApproval(alice, consent, 1n, ALICE, { deadline: soon });
      await networkHelpers.time.increaseTo(soon); // the next transaction is mined at soon + 1
      await expect(consent.approveBySignature(1n, ALICE, approval.nonce, soon, signature))
        .to.be.revertedWithCustomError(consent, "ConsentSignatureExpired")
        .withArgs(soon, soon + 1n);
    });

    it("lets a signer burn a nonce to withdraw a signature it gave", async function () {
      const { consent, alice, deadline } = await networkHelpers.loadFixture(consentFixture);
      const { approval, signature } = await signConsentApproval(alice, consent, 1n, ALICE, { deadline });
      await expect(consent.connect(alice).invalidateNonce(1n))
        .to.emit(consent, "ConsentNonceInvalidated")
        .withArgs(ALICE, 1n, approval.nonce);
      await expect(
        consent.approveBySignature(1n, ALICE, approval.nonce, deadline, signature),
      ).to.be.revertedWithCustomError(consent, "ConsentNonceInvalid");
    });
  });

  describe("execution, refusal, cancellation", function () {
    async function approveAll(f: Awaited<ReturnType<typeof consentFixture>>) {
      await f.consent.connect(f.alice).approve(1n);
      await f.consent.connect(f.bob).approve(1n);
      await f.consent.approveAs(1n, WALLET);
    }

    it("executes only the approved action, once, when everyone agreed", async function () {
      const f = await networkHelpers.loadFixture(consentFixture);
      await f.consent.connect(f.alice).approve(1n);
      await expect(f.consent.execute(1n, ACTION))
        .to.be.revertedWithCustomError(f.consent, "ConsentIncomplete")
        .withArgs(1n, 1, 3);
      await f.consent.connect(f.bob).approve(1n);
      await f.consent.approveAs(1n, WALLET);
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
      await expect(f.consent.connect(f.carol).decline(1n))
        .to.be.revertedWithCustomError(f.consent, "ConsentNotAParty")
        .withArgs(1n, CAROL);
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
