import { expect } from "chai";
import { Wallet, ZeroAddress } from "ethers";

import { allowanceId, carbonDocument, certificateId, CertificateKind, creditId } from "../../src/carbon.js";
import { IdentityKind, signWalletBinding } from "../../src/identity.js";
import { registerResident } from "../identity/helpers.js";
import { shouldRejectUnauthorized } from "../shared/unauthorized.js";
import { BATCH, deployCarbonCity, VINTAGE } from "./fixtures.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

async function carbonFixture() {
  return deployCarbonCity(connection);
}

describe("CarbonCredits", function () {
  describe("projects, vintages and issuance", function () {
    it("issues a batch to the project owner identity, with its serial range, totals and MRV commitment", async function () {
      const city = await networkHelpers.loadFixture(carbonFixture);
      const { carbonCredits, accounts, ids } = city;
      expect((await carbonCredits.project(1n)).ownerId).to.equal(ids.solar);
      expect(await carbonCredits.projectCount()).to.equal(1n);
      const batch2 = creditId(1n, VINTAGE, 2);
      const issue = carbonCredits
        .connect(accounts.carbonVerifier)
        .issueBatch(1n, VINTAGE, 10_001n, 5_000n, carbonDocument("verif 2"));
      await expect(issue)
        .to.emit(carbonCredits, "CarbonBatchIssued")
        .withArgs(batch2, 1n, ids.solar, VINTAGE, 10_001n, 5_000n)
        .and.to.emit(carbonCredits, "TransferSingle")
        .withArgs(accounts.carbonVerifier.address, ZeroAddress, accounts.erin.address, batch2, 5_000n)
        .and.to.emit(carbonCredits, "DocumentAnchored");
      expect(await carbonCredits.balanceOf(accounts.erin.address, batch2)).to.equal(5_000n);
      expect(await carbonCredits.balanceOfIdentity(ids.solar, batch2)).to.equal(5_000n);
      const b = await carbonCredits.batch(batch2);
      expect([b.serialStart, b.issued, b.retired, b.cancelled]).to.deep.equal([10_001n, 5_000n, 0n, 0n]);
      expect(await carbonCredits.vintageTotals(1n, VINTAGE)).to.deep.equal([15_000n, 15_000n, 0n, 0n]);
      expect(await carbonCredits.vintageCap(1n, VINTAGE)).to.equal(100_000n);
      expect((await carbonCredits.project(1n)).nextSerial).to.equal(15_001n);
    });

    it("never issues an overlapping range, above the vintage cap, zero, or for an unknown project", async function () {
      const { carbonCredits, accounts } = await networkHelpers.loadFixture(carbonFixture);
      const verifier = carbonCredits.connect(accounts.carbonVerifier);
      const doc = carbonDocument("v");
      await expect(verifier.issueBatch(1n, VINTAGE, 10_000n, 10n, doc))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonSerialRangeOverlap")
        .withArgs(1n, 10_000n, 10_001n);
      await expect(verifier.issueBatch(1n, VINTAGE, 1n, 10n, doc))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonSerialRangeOverlap")
        .withArgs(1n, 1n, 10_001n);
      await expect(verifier.issueBatch(1n, VINTAGE, 20_000n, 90_001n, doc))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonVintageCapExceeded")
        .withArgs(1n, VINTAGE, 100_000n, 100_001n);
      await expect(verifier.issueBatch(1n, 2027, 20_000n, 1n, doc))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonVintageCapExceeded")
        .withArgs(1n, 2027, 0n, 1n);
      await expect(verifier.issueBatch(1n, VINTAGE, 20_000n, 0n, doc)).to.be.revertedWithCustomError(
        carbonCredits,
        "CarbonZeroAmount",
      );
      await expect(verifier.issueBatch(9n, VINTAGE, 1n, 1n, doc))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonProjectUnknown")
        .withArgs(9n);
      await expect(verifier.issueBatch(1n, VINTAGE, 2n ** 64n - 5n, 10n, doc))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonSerialRangeTooLarge")
        .withArgs(2n ** 64n - 5n, 10n);
      await expect(verifier.issueBatch(1n, VINTAGE, 20_000n, 1n, { ...doc, uri: "" })).to.be.revertedWithCustomError(
        carbonCredits,
        "DocumentUriEmpty",
      );
      // State untouched: the next free serial and the vintage did not move.
      expect((await carbonCredits.project(1n)).nextSerial).to.equal(10_001n);
      expect((await carbonCredits.vintageTotals(1n, VINTAGE)).issued).to.equal(10_000n);
    });

    it("lets the regulator register projects, cap vintages (never below issued) and set eligibility", async function () {
      const { carbonCredits, accounts, ids } = await networkHelpers.loadFixture(carbonFixture);
      const regulator = carbonCredits.connect(accounts.regulator);
      await expect(regulator.registerProject(ids.bob, carbonDocument("rooftop")))
        .to.emit(carbonCredits, "CarbonProjectRegistered")
        .withArgs(2n, ids.bob, (c: string) => c.length === 66);
      await expect(regulator.registerProject(999n, carbonDocument("ghost")))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonIdentityNotActive")
        .withArgs(999n);
      await expect(regulator.setVintageCap(1n, VINTAGE, 9_999n))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonVintageCapBelowIssued")
        .withArgs(1n, VINTAGE, 9_999n, 10_000n);
      await expect(regulator.setVintageCap(1n, 0, 1n))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonVintageInvalid")
        .withArgs(0);
      await expect(regulator.setVintageCap(7n, VINTAGE, 1n))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonProjectUnknown")
        .withArgs(7n);
      await expect(regulator.setVintageCap(1n, VINTAGE, 10_000n))
        .to.emit(carbonCredits, "CarbonVintageCapSet")
        .withArgs(1n, VINTAGE, 100_000n, 10_000n);
      await expect(regulator.setProjectEligibility(1n, false))
        .to.emit(carbonCredits, "CarbonProjectEligibilitySet")
        .withArgs(1n, false);
      expect((await carbonCredits.project(1n)).eligible).to.equal(false);
    });
  });

  describe("retirement", function () {
    it("burns for a beneficiary and certifies the exact next serials of the batch, O(1) per-batch cursor", async function () {
      const { carbonCredits, accounts, ids } = await networkHelpers.loadFixture(carbonFixture);
      const solar = carbonCredits.connect(accounts.erin);
      const first = certificateId(BATCH, 0n);
      await expect(solar.retire(ids.solar, BATCH, 250n, ids.bob, "bob's 2026 flights"))
        .to.emit(carbonCredits, "CarbonCertificateIssued")
        .withArgs(first, BATCH, ids.bob, ids.solar, 1n, 250n, CertificateKind.Retirement, "bob's 2026 flights")
        .and.to.emit(carbonCredits, "TransferSingle")
        .withArgs(accounts.erin.address, accounts.erin.address, ZeroAddress, BATCH, 250n);
      const second = certificateId(BATCH, 250n);
      await expect(solar.retire(ids.solar, BATCH, 100n, ids.solar, "own operations"))
        .to.emit(carbonCredits, "CarbonCertificateIssued")
        .withArgs(second, BATCH, ids.solar, ids.solar, 251n, 100n, CertificateKind.Retirement, "own operations");
      const c = await carbonCredits.certificate(second);
      expect(c.tokenId).to.equal(BATCH);
      expect(c.projectId).to.equal(1n);
      expect(c.vintage).to.equal(VINTAGE);
      expect([c.firstSerial, c.lastSerial, c.amount]).to.deep.equal([251n, 350n, 100n]);
      expect([c.beneficiaryId, c.holderId, c.kind]).to.deep.equal([ids.solar, ids.solar, CertificateKind.Retirement]);
      expect((await carbonCredits.certificate(first)).lastSerial).to.equal(250n);
      expect(await carbonCredits.batchTotals(BATCH)).to.deep.equal([10_000n, 9_650n, 350n, 0n]);
      expect(await carbonCredits.vintageTotals(1n, VINTAGE)).to.deep.equal([10_000n, 9_650n, 350n, 0n]);
      expect(await carbonCredits.balanceOf(accounts.erin.address, BATCH)).to.equal(9_650n);
      await expect(carbonCredits.certificate(certificateId(BATCH, 1n)))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonCertificateUnknown")
        .withArgs(certificateId(BATCH, 1n));
    });

    it("refuses zero, more than held, an unknown batch, an allowance, a stranger and an unknown beneficiary", async function () {
      const { carbonCredits, accounts, ids } = await networkHelpers.loadFixture(carbonFixture);
      const solar = carbonCredits.connect(accounts.erin);
      await expect(solar.retire(ids.solar, BATCH, 0n, ids.solar, "")).to.be.revertedWithCustomError(
        carbonCredits,
        "CarbonZeroAmount",
      );
      await expect(solar.retire(ids.solar, BATCH, 10_001n, ids.solar, ""))
        .to.be.revertedWithCustomError(carbonCredits, "ERC1155InsufficientBalance")
        .withArgs(accounts.erin.address, 10_000n, 10_001n, BATCH);
      const unknown = creditId(1n, VINTAGE, 9);
      await expect(solar.retire(ids.solar, unknown, 1n, ids.solar, ""))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonTokenUnknown")
        .withArgs(unknown);
      await expect(carbonCredits.connect(accounts.dave).retire(ids.factory, allowanceId(1n), 1n, ids.factory, ""))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonTokenUnknown")
        .withArgs(allowanceId(1n));
      await expect(carbonCredits.connect(accounts.mallory).retire(ids.solar, BATCH, 1n, ids.bob, ""))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonCallerNotHolder")
        .withArgs(ids.solar, accounts.mallory.address);
      await expect(carbonCredits.connect(accounts.bob).retire(ids.solar, BATCH, 1n, ids.bob, ""))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonCallerNotHolder")
        .withArgs(ids.solar, accounts.bob.address);
      await expect(solar.retire(ids.solar, BATCH, 1n, 0n, ""))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonBeneficiaryUnknown")
        .withArgs(0n);
      await expect(solar.retire(ids.solar, BATCH, 1n, 999n, ""))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonBeneficiaryUnknown")
        .withArgs(999n);
      expect(await carbonCredits.batchTotals(BATCH)).to.deep.equal([10_000n, 10_000n, 0n, 0n]);
    });

    it("retired units never move again: nothing left to transfer or retire", async function () {
      const { carbonCredits, accounts, ids } = await networkHelpers.loadFixture(carbonFixture);
      const solar = carbonCredits.connect(accounts.erin);
      await (await solar.retire(ids.solar, BATCH, 10_000n, ids.solar, "all of it")).wait();
      await expect(solar.safeTransferFrom(accounts.erin.address, accounts.bob.address, BATCH, 1n, "0x"))
        .to.be.revertedWithCustomError(carbonCredits, "ERC1155InsufficientBalance")
        .withArgs(accounts.erin.address, 0n, 1n, BATCH);
      await expect(solar.retire(ids.solar, BATCH, 1n, ids.solar, "again"))
        .to.be.revertedWithCustomError(carbonCredits, "ERC1155InsufficientBalance")
        .withArgs(accounts.erin.address, 0n, 1n, BATCH);
      expect(await carbonCredits.batchTotals(BATCH)).to.deep.equal([10_000n, 0n, 10_000n, 0n]);
    });

    it("lets a verifier cancel invalid units, with a cancellation certificate of their serials", async function () {
      const { carbonCredits, accounts, ids } = await networkHelpers.loadFixture(carbonFixture);
      await (await carbonCredits.connect(accounts.erin).retire(ids.solar, BATCH, 10n, ids.solar, "first")).wait();
      await expect(carbonCredits.connect(accounts.carbonVerifier).cancel(BATCH, ids.solar, 40n, "reversal: fire"))
        .to.emit(carbonCredits, "CarbonCertificateIssued")
        .withArgs(
          certificateId(BATCH, 10n),
          BATCH,
          ids.solar,
          ids.solar,
          11n,
          40n,
          CertificateKind.Cancellation,
          "reversal: fire",
        );
      expect(await carbonCredits.batchTotals(BATCH)).to.deep.equal([10_000n, 9_950n, 10n, 40n]);
      expect(await carbonCredits.vintageTotals(1n, VINTAGE)).to.deep.equal([10_000n, 9_950n, 10n, 40n]);
      await expect(carbonCredits.connect(accounts.carbonVerifier).cancel(BATCH, ids.bob, 1n, "x"))
        .to.be.revertedWithCustomError(carbonCredits, "ERC1155InsufficientBalance")
        .withArgs(accounts.bob.address, 0n, 1n, BATCH);
    });
  });

  describe("ERC-1155 face over identity-keyed balances", function () {
    it("moves units identity to identity, shows them under the current primary wallet, supports ERC-165", async function () {
      const { carbonCredits, accounts, ids } = await networkHelpers.loadFixture(carbonFixture);
      const { erin, dave, mallory } = accounts;
      await expect(carbonCredits.connect(erin).safeTransferFrom(erin.address, dave.address, BATCH, 700n, "0x"))
        .to.emit(carbonCredits, "TransferSingle")
        .withArgs(erin.address, erin.address, dave.address, BATCH, 700n);
      expect(await carbonCredits.balanceOfIdentity(ids.factory, BATCH)).to.equal(700n);
      expect(
        await carbonCredits.balanceOfBatch([erin.address, dave.address, mallory.address], [BATCH, BATCH, BATCH]),
      ).to.deep.equal([9_300n, 700n, 0n]);
      await expect(carbonCredits.balanceOfBatch([erin.address], []))
        .to.be.revertedWithCustomError(carbonCredits, "ERC1155InvalidArrayLength")
        .withArgs(0n, 1n);
      expect(await carbonCredits.supportsInterface("0xd9b67a26")).to.equal(true); // IERC1155
      expect(await carbonCredits.supportsInterface("0x0e89341c")).to.equal(true); // IERC1155MetadataURI
      expect(await carbonCredits.supportsInterface("0x01ffc9a7")).to.equal(true); // IERC165
      expect(await carbonCredits.supportsInterface("0xffffffff")).to.equal(false);
      expect(await carbonCredits.uri(BATCH)).to.equal("citychain:carbon/{id}");
    });

    it("refuses a receiver that is not a verified identity's primary wallet, zero amounts, and the zero address", async function () {
      const { carbonCredits, identity, accounts, ids } = await networkHelpers.loadFixture(carbonFixture);
      const { erin, mallory, registrar } = accounts;
      const solar = carbonCredits.connect(erin);
      await expect(solar.safeTransferFrom(erin.address, mallory.address, BATCH, 1n, "0x"))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonWalletNotIdentity")
        .withArgs(mallory.address);
      await expect(solar.safeTransferFrom(erin.address, ZeroAddress, BATCH, 1n, "0x"))
        .to.be.revertedWithCustomError(carbonCredits, "ERC1155InvalidReceiver")
        .withArgs(ZeroAddress);
      await expect(
        solar.safeTransferFrom(erin.address, accounts.bob.address, BATCH, 0n, "0x"),
      ).to.be.revertedWithCustomError(carbonCredits, "CarbonZeroAmount");
      await (await identity.connect(registrar).suspend(ids.bob, ethers.encodeBytes32String("audit"))).wait();
      await expect(solar.safeTransferFrom(erin.address, accounts.bob.address, BATCH, 1n, "0x"))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonIdentityNotActive")
        .withArgs(ids.bob);
    });

    it("lets an approved operator move units; approval is per identity and needs the holder", async function () {
      const { carbonCredits, accounts } = await networkHelpers.loadFixture(carbonFixture);
      const { erin, bob, dave } = accounts;
      await expect(carbonCredits.connect(bob).safeTransferFrom(erin.address, dave.address, BATCH, 1n, "0x"))
        .to.be.revertedWithCustomError(carbonCredits, "ERC1155MissingApprovalForAll")
        .withArgs(bob.address, erin.address);
      await expect(carbonCredits.connect(erin).setApprovalForAll(bob.address, true))
        .to.emit(carbonCredits, "ApprovalForAll")
        .withArgs(erin.address, bob.address, true);
      expect(await carbonCredits.isApprovedForAll(erin.address, bob.address)).to.equal(true);
      await expect(
        carbonCredits.connect(bob).safeBatchTransferFrom(erin.address, dave.address, [BATCH, BATCH], [3n, 4n], "0x"),
      )
        .to.emit(carbonCredits, "TransferBatch")
        .withArgs(bob.address, erin.address, dave.address, [BATCH, BATCH], [3n, 4n]);
      expect(await carbonCredits.balanceOf(dave.address, BATCH)).to.equal(7n);
      await expect(
        carbonCredits.connect(bob).safeBatchTransferFrom(erin.address, dave.address, [BATCH], [1n, 2n], "0x"),
      )
        .to.be.revertedWithCustomError(carbonCredits, "ERC1155InvalidArrayLength")
        .withArgs(1n, 2n);
      await expect(
        carbonCredits.connect(bob).safeBatchTransferFrom(erin.address, dave.address, [BATCH], [0n], "0x"),
      ).to.be.revertedWithCustomError(carbonCredits, "CarbonZeroAmount");
      await expect(carbonCredits.connect(erin).setApprovalForAll(erin.address, true))
        .to.be.revertedWithCustomError(carbonCredits, "ERC1155InvalidOperator")
        .withArgs(erin.address);
      await expect(carbonCredits.connect(accounts.mallory).setApprovalForAll(bob.address, true))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonWalletNotIdentity")
        .withArgs(accounts.mallory.address);
      await (await carbonCredits.connect(erin).setApprovalForAll(bob.address, false)).wait();
      expect(await carbonCredits.isApprovedForAll(erin.address, bob.address)).to.equal(false);
    });
  });

  describe("bound wallets and suspended identities", function () {
    it("a bound (secondary) wallet shows nothing and moves nothing; a suspended holder cannot retire", async function () {
      const { carbonCredits, identity, accounts, ids } = await networkHelpers.loadFixture(carbonFixture);
      const { erin, bob, registrar } = accounts;
      const phone = Wallet.createRandom().connect(ethers.provider);
      await networkHelpers.setBalance(phone.address, 10n ** 18n);
      const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
      const signed = await signWalletBinding(phone, identity, ids.solar, { deadline });
      await (await identity.connect(erin).bindWallet(ids.solar, phone.address, 0n, deadline, signed.signature)).wait();
      expect(await identity.identityOf(phone.address)).to.equal(ids.solar);
      expect(await carbonCredits.balanceOf(phone.address, BATCH)).to.equal(0n);
      await expect(carbonCredits.connect(phone).safeTransferFrom(phone.address, bob.address, BATCH, 1n, "0x"))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonWalletNotIdentity")
        .withArgs(phone.address);
      await expect(carbonCredits.connect(phone).retire(ids.solar, BATCH, 1n, ids.solar, ""))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonCallerNotHolder")
        .withArgs(ids.solar, phone.address);
      await (await identity.connect(registrar).suspend(ids.solar, ethers.encodeBytes32String("audit"))).wait();
      await expect(carbonCredits.connect(erin).retire(ids.solar, BATCH, 1n, ids.solar, ""))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonIdentityNotActive")
        .withArgs(ids.solar);
      expect(await carbonCredits.balanceOf(erin.address, BATCH)).to.equal(10_000n);
    });
  });

  describe("receiver hooks (hostile contract wallets)", function () {
    async function hostileFixture() {
      const city = await deployCarbonCity(connection);
      const receiver = await ethers.deployContract("HostileCarbonReceiver", [await city.carbonCredits.getAddress()]);
      const receiverId = await registerResident(city, await receiver.getAddress(), "CHE-666", {
        kind: IdentityKind.Business,
      });
      return { ...city, receiver, receiverId };
    }

    it("calls onERC1155Received on a contract wallet and refuses a rejecting one, state untouched", async function () {
      const { carbonCredits, accounts, receiver } = await networkHelpers.loadFixture(hostileFixture);
      const to = await receiver.getAddress();
      await (
        await carbonCredits.connect(accounts.erin).safeTransferFrom(accounts.erin.address, to, BATCH, 5n, "0x")
      ).wait();
      expect(await carbonCredits.balanceOf(to, BATCH)).to.equal(5n);
      await (await receiver.setMode(1, 0n, ZeroAddress)).wait(); // Reject
      await expect(carbonCredits.connect(accounts.erin).safeTransferFrom(accounts.erin.address, to, BATCH, 5n, "0x"))
        .to.be.revertedWithCustomError(carbonCredits, "ERC1155InvalidReceiver")
        .withArgs(to);
      await expect(
        carbonCredits.connect(accounts.erin).safeBatchTransferFrom(accounts.erin.address, to, [BATCH], [5n], "0x"),
      )
        .to.be.revertedWithCustomError(carbonCredits, "ERC1155InvalidReceiver")
        .withArgs(to);
      expect(await carbonCredits.balanceOf(to, BATCH)).to.equal(5n);
      expect(await carbonCredits.balanceOf(accounts.erin.address, BATCH)).to.equal(9_995n);
    });

    it("a receiver that re-enters to retire what it just got: one consistent certificate, totals balance", async function () {
      const { carbonCredits, accounts, receiver, receiverId } = await networkHelpers.loadFixture(hostileFixture);
      const to = await receiver.getAddress();
      await (await receiver.setMode(2, receiverId, ZeroAddress)).wait(); // ReenterRetire
      await expect(carbonCredits.connect(accounts.erin).safeTransferFrom(accounts.erin.address, to, BATCH, 30n, "0x"))
        .to.emit(carbonCredits, "CarbonCertificateIssued")
        .withArgs(
          certificateId(BATCH, 0n),
          BATCH,
          receiverId,
          receiverId,
          1n,
          30n,
          CertificateKind.Retirement,
          "retired on receipt",
        );
      expect(await carbonCredits.balanceOf(to, BATCH)).to.equal(0n);
      expect(await carbonCredits.batchTotals(BATCH)).to.deep.equal([10_000n, 9_970n, 30n, 0n]);
    });

    it("a receiver that re-enters to spend more than it holds makes the whole transfer revert", async function () {
      const { carbonCredits, accounts, receiver } = await networkHelpers.loadFixture(hostileFixture);
      const to = await receiver.getAddress();
      await (await receiver.setMode(3, 0n, accounts.bob.address)).wait(); // ReenterOverspend
      await expect(carbonCredits.connect(accounts.erin).safeTransferFrom(accounts.erin.address, to, BATCH, 30n, "0x"))
        .to.be.revertedWithCustomError(carbonCredits, "ERC1155InsufficientBalance")
        .withArgs(to, 30n, 31n, BATCH);
      expect(await carbonCredits.balanceOf(accounts.bob.address, BATCH)).to.equal(0n);
      expect(await carbonCredits.balanceOf(accounts.erin.address, BATCH)).to.equal(10_000n);
    });

    it("calls the hook on a mint to a contract wallet too (a rejecting wallet cannot receive an issuance)", async function () {
      const { carbonCredits, accounts, receiver, receiverId } = await networkHelpers.loadFixture(hostileFixture);
      await (await carbonCredits.connect(accounts.regulator).registerProject(receiverId, carbonDocument("p2"))).wait();
      await (await carbonCredits.connect(accounts.regulator).setVintageCap(2n, VINTAGE, 10n)).wait();
      await (await receiver.setMode(1, 0n, ZeroAddress)).wait();
      const verifier = carbonCredits.connect(accounts.carbonVerifier);
      await expect(verifier.issueBatch(2n, VINTAGE, 1n, 10n, carbonDocument("v")))
        .to.be.revertedWithCustomError(carbonCredits, "ERC1155InvalidReceiver")
        .withArgs(await receiver.getAddress());
      await (await receiver.setMode(0, 0n, ZeroAddress)).wait();
      await (await verifier.issueBatch(2n, VINTAGE, 1n, 10n, carbonDocument("v"))).wait();
      await (await receiver.send(accounts.erin.address, creditId(2n, VINTAGE, 1), 4n)).wait();
      expect(await carbonCredits.balanceOf(accounts.erin.address, creditId(2n, VINTAGE, 1))).to.equal(4n);
    });
  });

  describe("key recovery", function () {
    it("moves every credit and allowance to the recovered wallet at once; the old key can do nothing", async function () {
      const { carbonCredits, identity, accounts, ids } = await networkHelpers.loadFixture(carbonFixture);
      const { erin, bob, dave, carol, registrar } = accounts;
      await (await carbonCredits.connect(erin).setApprovalForAll(bob.address, true)).wait();
      // The solar park appoints guardians (the factory, the steelworks, bob), 2 of 3, and loses its key.
      await (await identity.connect(erin).appointGuardians(ids.solar, [ids.factory, ids.steel, ids.bob], 2)).wait();
      await networkHelpers.time.increase(await identity.recoveryDelay()); // guardian sets wait the delay (L-05)
      const newKey = Wallet.createRandom().connect(ethers.provider);
      await networkHelpers.setBalance(newKey.address, 10n ** 18n);
      await (await identity.connect(dave).initiateRecovery(ids.solar, newKey.address)).wait();
      await (await identity.connect(carol).approveRecovery(1n)).wait();
      await networkHelpers.time.increase(3n * 86_400n + 1n);
      await (await identity.connect(registrar).executeRecovery(1n)).wait();

      expect(await carbonCredits.balanceOf(newKey.address, BATCH)).to.equal(10_000n);
      expect(await carbonCredits.balanceOf(erin.address, BATCH)).to.equal(0n);
      expect(await carbonCredits.balanceOfIdentity(ids.solar, BATCH)).to.equal(10_000n);
      // The thief's approval died with the old key.
      expect(await carbonCredits.isApprovedForAll(newKey.address, bob.address)).to.equal(false);
      await expect(carbonCredits.connect(bob).safeTransferFrom(newKey.address, bob.address, BATCH, 1n, "0x"))
        .to.be.revertedWithCustomError(carbonCredits, "ERC1155MissingApprovalForAll")
        .withArgs(bob.address, newKey.address);
      await expect(carbonCredits.connect(erin).retire(ids.solar, BATCH, 1n, ids.solar, ""))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonCallerNotHolder")
        .withArgs(ids.solar, erin.address);
      await expect(carbonCredits.connect(erin).safeTransferFrom(erin.address, bob.address, BATCH, 1n, "0x"))
        .to.be.revertedWithCustomError(carbonCredits, "CarbonWalletNotIdentity")
        .withArgs(erin.address);
      // New batches are issued to the identity, under its new wallet.
      await (
        await carbonCredits
          .connect(accounts.carbonVerifier)
          .issueBatch(1n, VINTAGE, 10_001n, 5n, carbonDocument("after recovery"))
      ).wait();
      expect(await carbonCredits.balanceOf(newKey.address, creditId(1n, VINTAGE, 2))).to.equal(5n);
      await expect(carbonCredits.connect(newKey).retire(ids.solar, BATCH, 10n, ids.solar, "after recovery")).to.emit(
        carbonCredits,
        "CarbonCertificateIssued",
      );
    });
  });

  shouldRejectUnauthorized(async () => {
    const city = await networkHelpers.loadFixture(carbonFixture);
    return {
      contracts: { CarbonCredits: city.carbonCredits, EmissionsRegister: city.emissionsRegister },
      manager: city.manager,
      stranger: city.accounts.mallory,
    };
  }, ["CarbonCredits", "EmissionsRegister"]);
});
