import { expect } from "chai";
import { Wallet, ZeroAddress, type HDNodeWallet } from "ethers";

import { serviceDomain } from "../../src/eip712.js";
import { AssuranceLevel, IdentityChange, signWalletBinding, WALLET_BINDING_TYPES } from "../../src/identity.js";
import { deployBehindProxy } from "../../src/proxy.js";
import { deployIdentityCity, reason, type IdentityCity } from "./helpers.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

interface WalletsFixture extends IdentityCity {
  phone: HDNodeWallet;
  deadline: bigint;
}

async function walletsFixture(): Promise<WalletsFixture> {
  const city = await deployIdentityCity(connection);
  const phone = Wallet.createRandom();
  const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
  return { ...city, phone, deadline };
}

describe("IdentityRegistry: wallet binding", function () {
  it("binds a wallet with its own EIP-712 signature: services recognise it at once", async function () {
    const city = await networkHelpers.loadFixture(walletsFixture);
    const { alice } = city.accounts;
    const { binding, signature } = await signWalletBinding(city.phone, city.identity, city.ids.alice, {
      deadline: city.deadline,
    });
    expect(binding.nonce).to.equal(0n);
    await expect(
      city.identity
        .connect(alice)
        .bindWallet(city.ids.alice, city.phone.address, binding.nonce, city.deadline, signature),
    )
      .to.emit(city.identity, "IdentityWalletBound")
      .withArgs(city.ids.alice, city.phone.address)
      .and.to.emit(city.identity, "RecordRevised")
      .withArgs(ethers.toBeHex(city.ids.alice, 32), 2n, IdentityChange.WALLET_BOUND, city.phone.address, alice.address);
    expect(await city.identity.identityOf(city.phone.address)).to.equal(city.ids.alice);
    expect(await city.identity.isVerified(city.phone.address, AssuranceLevel.BIOMETRIC)).to.equal(true);
    expect(await city.identity.boundWallets(city.ids.alice)).to.deep.equal([city.phone.address]);
    expect(await city.identity.nonces(city.phone.address)).to.equal(1n);
    // The primary wallet is unchanged: a bound wallet never becomes primary except through recovery.
    expect(await city.identity.walletOf(city.ids.alice)).to.equal(alice.address);
  });

  it("binds an ERC-1271 contract wallet whose owner key signed", async function () {
    const city = await networkHelpers.loadFixture(walletsFixture);
    const owner = Wallet.createRandom();
    const contractWallet = await ethers.deployContract("ERC1271Wallet", [owner.address]);
    const address = await contractWallet.getAddress();
    const domain = await serviceDomain(city.identity);
    const binding = { identityId: city.ids.bob, wallet: address, nonce: 0n, deadline: city.deadline };
    const signature = await owner.signTypedData(domain, WALLET_BINDING_TYPES, binding);
    await expect(
      city.identity.connect(city.accounts.bob).bindWallet(city.ids.bob, address, 0n, city.deadline, signature),
    )
      .to.emit(city.identity, "IdentityWalletBound")
      .withArgs(city.ids.bob, address);
    const forged = await Wallet.createRandom().signTypedData(domain, WALLET_BINDING_TYPES, {
      ...binding,
      identityId: city.ids.carol,
    });
    const other = await ethers.deployContract("ERC1271Wallet", [owner.address]);
    await expect(
      city.identity
        .connect(city.accounts.carol)
        .bindWallet(city.ids.carol, await other.getAddress(), 0n, city.deadline, forged),
    )
      .to.be.revertedWithCustomError(city.identity, "IdentityBindingSignatureInvalid")
      .withArgs(city.ids.carol, await other.getAddress());
  });

  describe("refuses a signature that is not exactly this binding", function () {
    it("signed for another chain", async function () {
      const city = await networkHelpers.loadFixture(walletsFixture);
      const domain = { ...(await serviceDomain(city.identity)), chainId: 1n };
      const signature = await city.phone.signTypedData(domain, WALLET_BINDING_TYPES, {
        identityId: city.ids.alice,
        wallet: city.phone.address,
        nonce: 0n,
        deadline: city.deadline,
      });
      await expect(
        city.identity
          .connect(city.accounts.alice)
          .bindWallet(city.ids.alice, city.phone.address, 0n, city.deadline, signature),
      )
        .to.be.revertedWithCustomError(city.identity, "IdentityBindingSignatureInvalid")
        .withArgs(city.ids.alice, city.phone.address);
      expect(await city.identity.identityOf(city.phone.address)).to.equal(0n);
      expect(await city.identity.nonces(city.phone.address)).to.equal(0n);
    });

    it("signed for another contract", async function () {
      const city = await networkHelpers.loadFixture(walletsFixture);
      const twin = await deployBehindProxy<typeof city.identity>(connection, "IdentityRegistry", [
        await city.manager.getAddress(),
        86_400n,
      ]);
      const signed = await signWalletBinding(city.phone, twin, city.ids.alice, { deadline: city.deadline });
      await expect(
        city.identity
          .connect(city.accounts.alice)
          .bindWallet(city.ids.alice, city.phone.address, 0n, city.deadline, signed.signature),
      )
        .to.be.revertedWithCustomError(city.identity, "IdentityBindingSignatureInvalid")
        .withArgs(city.ids.alice, city.phone.address);
    });

    it("signed for another identity, or by another wallet", async function () {
      const city = await networkHelpers.loadFixture(walletsFixture);
      const forBob = await signWalletBinding(city.phone, city.identity, city.ids.bob, { deadline: city.deadline });
      const alice = city.identity.connect(city.accounts.alice);
      await expect(alice.bindWallet(city.ids.alice, city.phone.address, 0n, city.deadline, forBob.signature))
        .to.be.revertedWithCustomError(city.identity, "IdentityBindingSignatureInvalid")
        .withArgs(city.ids.alice, city.phone.address);
      const byStranger = await signWalletBinding(Wallet.createRandom(), city.identity, city.ids.alice, {
        deadline: city.deadline,
      });
      await expect(alice.bindWallet(city.ids.alice, city.phone.address, 0n, city.deadline, byStranger.signature))
        .to.be.revertedWithCustomError(city.identity, "IdentityBindingSignatureInvalid")
        .withArgs(city.ids.alice, city.phone.address);
      await expect(alice.bindWallet(city.ids.alice, city.phone.address, 0n, city.deadline, "0x1234"))
        .to.be.revertedWithCustomError(city.identity, "IdentityBindingSignatureInvalid")
        .withArgs(city.ids.alice, city.phone.address);
    });

    it("with a used or future nonce (no replay after unbinding)", async function () {
      const city = await networkHelpers.loadFixture(walletsFixture);
      const alice = city.identity.connect(city.accounts.alice);
      const first = await signWalletBinding(city.phone, city.identity, city.ids.alice, { deadline: city.deadline });
      await alice.bindWallet(city.ids.alice, city.phone.address, 0n, city.deadline, first.signature);
      await alice.unbindWallet(city.ids.alice, city.phone.address);
      await expect(alice.bindWallet(city.ids.alice, city.phone.address, 0n, city.deadline, first.signature))
        .to.be.revertedWithCustomError(city.identity, "IdentityBindingNonceInvalid")
        .withArgs(city.phone.address, 0n, 1n);
      const future = await signWalletBinding(city.phone, city.identity, city.ids.alice, {
        deadline: city.deadline,
        nonce: 5n,
      });
      await expect(alice.bindWallet(city.ids.alice, city.phone.address, 5n, city.deadline, future.signature))
        .to.be.revertedWithCustomError(city.identity, "IdentityBindingNonceInvalid")
        .withArgs(city.phone.address, 5n, 1n);
      expect(await city.identity.identityOf(city.phone.address)).to.equal(0n);
    });

    it("past its deadline", async function () {
      const city = await networkHelpers.loadFixture(walletsFixture);
      const signed = await signWalletBinding(city.phone, city.identity, city.ids.alice, { deadline: city.deadline });
      await networkHelpers.time.setNextBlockTimestamp(city.deadline + 1n);
      await expect(
        city.identity
          .connect(city.accounts.alice)
          .bindWallet(city.ids.alice, city.phone.address, 0n, city.deadline, signed.signature),
      )
        .to.be.revertedWithCustomError(city.identity, "IdentityBindingExpired")
        .withArgs(city.deadline, city.deadline + 1n);
    });

    it("after the wallet burned its nonce", async function () {
      const city = await networkHelpers.loadFixture(walletsFixture);
      const phone = city.accounts.mallory; // a wallet that can send its own transaction
      const signed = await signWalletBinding(phone, city.identity, city.ids.alice, { deadline: city.deadline });
      await expect(city.identity.connect(phone).invalidateBindingNonce())
        .to.emit(city.identity, "IdentityBindingNonceInvalidated")
        .withArgs(phone.address, 0n);
      await expect(
        city.identity
          .connect(city.accounts.alice)
          .bindWallet(city.ids.alice, phone.address, 0n, city.deadline, signed.signature),
      )
        .to.be.revertedWithCustomError(city.identity, "IdentityBindingNonceInvalid")
        .withArgs(phone.address, 0n, 1n);
    });
  });

  describe("refuses a binding the identity may not make", function () {
    it("a wallet already bound elsewhere, or the identity's own primary wallet", async function () {
      const city = await networkHelpers.loadFixture(walletsFixture);
      const { alice, bob } = city.accounts;
      const bobsKey = await signWalletBinding(bob, city.identity, city.ids.alice, { deadline: city.deadline });
      await expect(
        city.identity
          .connect(alice)
          .bindWallet(city.ids.alice, bob.address, bobsKey.binding.nonce, city.deadline, bobsKey.signature),
      )
        .to.be.revertedWithCustomError(city.identity, "IdentityWalletAlreadyBound")
        .withArgs(bob.address, city.ids.bob);
      const own = await signWalletBinding(alice, city.identity, city.ids.alice, { deadline: city.deadline });
      await expect(
        city.identity.connect(alice).bindWallet(city.ids.alice, alice.address, 0n, city.deadline, own.signature),
      )
        .to.be.revertedWithCustomError(city.identity, "IdentityWalletAlreadyBound")
        .withArgs(alice.address, city.ids.alice);
      await expect(
        city.identity.connect(alice).bindWallet(city.ids.alice, ZeroAddress, 0n, city.deadline, own.signature),
      ).to.be.revertedWithCustomError(city.identity, "IdentityWalletZero");
      // Bound to bob's identity, the phone cannot be bound to alice's too.
      const forBob = await signWalletBinding(city.phone, city.identity, city.ids.bob, { deadline: city.deadline });
      await city.identity
        .connect(bob)
        .bindWallet(city.ids.bob, city.phone.address, 0n, city.deadline, forBob.signature);
      const forAlice = await signWalletBinding(city.phone, city.identity, city.ids.alice, { deadline: city.deadline });
      await expect(
        city.identity
          .connect(alice)
          .bindWallet(city.ids.alice, city.phone.address, 1n, city.deadline, forAlice.signature),
      )
        .to.be.revertedWithCustomError(city.identity, "IdentityWalletAlreadyBound")
        .withArgs(city.phone.address, city.ids.bob);
    });

    it("more than MAX_BOUND_WALLETS wallets", async function () {
      const city = await networkHelpers.loadFixture(walletsFixture);
      const max = await city.identity.MAX_BOUND_WALLETS();
      const alice = city.identity.connect(city.accounts.alice);
      for (let i = 0n; i < max; i++) {
        const wallet = Wallet.createRandom();
        const signed = await signWalletBinding(wallet, city.identity, city.ids.alice, { deadline: city.deadline });
        await alice.bindWallet(city.ids.alice, wallet.address, 0n, city.deadline, signed.signature);
      }
      const extra = await signWalletBinding(city.phone, city.identity, city.ids.alice, { deadline: city.deadline });
      await expect(alice.bindWallet(city.ids.alice, city.phone.address, 0n, city.deadline, extra.signature))
        .to.be.revertedWithCustomError(city.identity, "IdentityTooManyWallets")
        .withArgs(city.ids.alice, max);
      expect((await city.identity.boundWallets(city.ids.alice)).length).to.equal(Number(max));
    });

    it("from anyone but the identity's primary wallet (not even a bound one), or a suspended or unknown identity", async function () {
      const city = await networkHelpers.loadFixture(walletsFixture);
      const { alice, bob, registrar, mallory } = city.accounts;
      const signed = await signWalletBinding(city.phone, city.identity, city.ids.alice, { deadline: city.deadline });
      const bind = (who: typeof alice) =>
        city.identity.connect(who).bindWallet(city.ids.alice, city.phone.address, 0n, city.deadline, signed.signature);
      await expect(bind(bob))
        .to.be.revertedWithCustomError(city.identity, "IdentityCallerNotWallet")
        .withArgs(city.ids.alice, bob.address);
      await expect(bind(registrar))
        .to.be.revertedWithCustomError(city.identity, "IdentityCallerNotWallet")
        .withArgs(city.ids.alice, registrar.address);
      // mallory is bound to alice's identity as an extra wallet: she still cannot manage it.
      const malloryKey = await signWalletBinding(mallory, city.identity, city.ids.alice, { deadline: city.deadline });
      await city.identity
        .connect(alice)
        .bindWallet(city.ids.alice, mallory.address, 0n, city.deadline, malloryKey.signature);
      await expect(bind(mallory))
        .to.be.revertedWithCustomError(city.identity, "IdentityCallerNotWallet")
        .withArgs(city.ids.alice, mallory.address);
      await city.identity.connect(registrar).suspend(city.ids.alice, reason("check"));
      await expect(bind(alice))
        .to.be.revertedWithCustomError(city.identity, "IdentityNotActive")
        .withArgs(city.ids.alice, 2);
      await expect(
        city.identity.connect(alice).bindWallet(99n, city.phone.address, 0n, city.deadline, signed.signature),
      )
        .to.be.revertedWithCustomError(city.identity, "IdentityUnknown")
        .withArgs(99n);
    });
  });

  describe("unbinding", function () {
    async function boundFixture() {
      const city = await walletsFixture();
      const { alice, mallory } = city.accounts;
      for (const wallet of [city.phone, mallory]) {
        const signed = await signWalletBinding(wallet, city.identity, city.ids.alice, { deadline: city.deadline });
        await city.identity
          .connect(alice)
          .bindWallet(city.ids.alice, wallet.address, signed.binding.nonce, city.deadline, signed.signature);
      }
      return city;
    }

    it("by the primary wallet", async function () {
      const city = await networkHelpers.loadFixture(boundFixture);
      await expect(city.identity.connect(city.accounts.alice).unbindWallet(city.ids.alice, city.phone.address))
        .to.emit(city.identity, "IdentityWalletUnbound")
        .withArgs(city.ids.alice, city.phone.address)
        .and.to.emit(city.identity, "RecordRevised")
        .withArgs(
          ethers.toBeHex(city.ids.alice, 32),
          4n,
          IdentityChange.WALLET_UNBOUND,
          city.phone.address,
          city.accounts.alice.address,
        );
      expect(await city.identity.identityOf(city.phone.address)).to.equal(0n);
      expect(await city.identity.isVerified(city.phone.address, 1)).to.equal(false);
      expect(await city.identity.boundWallets(city.ids.alice)).to.deep.equal([city.accounts.mallory.address]);
    });

    it("by the bound wallet itself, leaving the others in place", async function () {
      const city = await networkHelpers.loadFixture(boundFixture);
      const { mallory } = city.accounts;
      await expect(city.identity.connect(mallory).unbindWallet(city.ids.alice, mallory.address))
        .to.emit(city.identity, "IdentityWalletUnbound")
        .withArgs(city.ids.alice, mallory.address);
      expect(await city.identity.boundWallets(city.ids.alice)).to.deep.equal([city.phone.address]);
      expect(await city.identity.identityOf(city.phone.address)).to.equal(city.ids.alice);
    });

    it("refuses strangers, the primary wallet itself and wallets that are not bound", async function () {
      const city = await networkHelpers.loadFixture(boundFixture);
      const { alice, bob } = city.accounts;
      await expect(city.identity.connect(bob).unbindWallet(city.ids.alice, city.phone.address))
        .to.be.revertedWithCustomError(city.identity, "IdentityCallerNotWallet")
        .withArgs(city.ids.alice, bob.address);
      await expect(city.identity.connect(alice).unbindWallet(city.ids.alice, alice.address))
        .to.be.revertedWithCustomError(city.identity, "IdentityWalletNotBound")
        .withArgs(city.ids.alice, alice.address);
      await expect(city.identity.connect(bob).unbindWallet(city.ids.bob, city.phone.address))
        .to.be.revertedWithCustomError(city.identity, "IdentityWalletNotBound")
        .withArgs(city.ids.bob, city.phone.address);
      await expect(city.identity.connect(alice).unbindWallet(99n, city.phone.address))
        .to.be.revertedWithCustomError(city.identity, "IdentityUnknown")
        .withArgs(99n);
      expect((await city.identity.boundWallets(city.ids.alice)).length).to.equal(2);
    });

    it("releases every bound wallet when the identity is revoked", async function () {
      const city = await networkHelpers.loadFixture(boundFixture);
      const revoke = city.identity.connect(city.accounts.registrar).revoke(city.ids.alice, reason("revoked"));
      await expect(revoke)
        .to.emit(city.identity, "IdentityWalletUnbound")
        .withArgs(city.ids.alice, city.phone.address)
        .and.to.emit(city.identity, "IdentityWalletUnbound")
        .withArgs(city.ids.alice, city.accounts.mallory.address);
      expect(await city.identity.boundWallets(city.ids.alice)).to.deep.equal([]);
      for (const wallet of [city.accounts.alice.address, city.phone.address, city.accounts.mallory.address]) {
        expect(await city.identity.identityOf(wallet)).to.equal(0n);
      }
    });
  });
});
