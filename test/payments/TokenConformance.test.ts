import { expect } from "chai";
import { Signature, toBeHex, type TypedDataDomain } from "ethers";

import { serviceDomain } from "../../src/eip712.js";
import {
  authorizationArgs,
  CANCEL_AUTHORIZATION,
  nextAuthorizationNonce,
  RECEIVE_WITH_AUTHORIZATION,
  signAuthorization,
  signCancelAuthorization,
  TRANSFER_WITH_AUTHORIZATION,
  TRANSFER_WITH_AUTHORIZATION_TYPES,
  type Authorization,
} from "../../src/payments.js";
import { signPermit } from "../../src/permit.js";
import { deployBehindProxy } from "../../src/proxy.js";
import { cityOn, connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

/** A city whose token holds 1,000 for alice and 10 for the shop. */
async function fundedCityFixture() {
  const city = await cityOn(connection);
  const { treasurer, alice, shop } = city.accounts;
  await (await city.token.connect(treasurer).mint(alice.address, 1000n)).wait();
  await (await city.token.connect(treasurer).mint(shop.address, 10n)).wait();
  return city;
}

async function inOneHour(): Promise<bigint> {
  return BigInt(await networkHelpers.time.latest()) + 3600n;
}

describe("CityToken conformance", function () {
  describe("ERC-20", function () {
    it("transfers, approves and spends allowances with the standard events", async function () {
      const { token, accounts } = await networkHelpers.loadFixture(fundedCityFixture);
      const { alice, bob, carol } = accounts;
      await expect(token.connect(alice).transfer(bob.address, 100n))
        .to.emit(token, "Transfer")
        .withArgs(alice.address, bob.address, 100n);
      await expect(token.connect(alice).approve(carol.address, 50n))
        .to.emit(token, "Approval")
        .withArgs(alice.address, carol.address, 50n);
      await token.connect(carol).transferFrom(alice.address, bob.address, 30n);
      expect(await token.allowance(alice.address, carol.address)).to.equal(20n);
      expect(await token.balanceOf(alice.address)).to.equal(870n);
      expect(await token.balanceOf(bob.address)).to.equal(130n);
      expect(await token.totalSupply()).to.equal(1010n);
    });

    it("rejects overdrafts, over-allowance spends and the zero receiver", async function () {
      const { token, accounts } = await networkHelpers.loadFixture(fundedCityFixture);
      const { alice, bob, carol } = accounts;
      await expect(token.connect(alice).transfer(bob.address, 1001n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
        .withArgs(alice.address, 1000n, 1001n);
      await expect(token.connect(carol).transferFrom(alice.address, bob.address, 1n))
        .to.be.revertedWithCustomError(token, "ERC20InsufficientAllowance")
        .withArgs(carol.address, 0n, 1n);
      await expect(token.connect(alice).transfer(ethers.ZeroAddress, 1n))
        .to.be.revertedWithCustomError(token, "ERC20InvalidReceiver")
        .withArgs(ethers.ZeroAddress);
      expect(await token.balanceOf(alice.address)).to.equal(1000n);
    });
  });

  describe("EIP-2612", function () {
    it("rejects a permit signed for another chain", async function () {
      const { token, accounts } = await networkHelpers.loadFixture(fundedCityFixture);
      const { alice, bob } = accounts;
      const deadline = await inOneHour();
      const domain = { ...(await serviceDomain(token)), chainId: 1n };
      const types = {
        Permit: [
          { name: "owner", type: "address" },
          { name: "spender", type: "address" },
          { name: "value", type: "uint256" },
          { name: "nonce", type: "uint256" },
          { name: "deadline", type: "uint256" },
        ],
      };
      const message = { owner: alice.address, spender: bob.address, value: 5n, nonce: 0n, deadline };
      const sig = Signature.from(await alice.signTypedData(domain, types, message));
      await expect(
        token.permit(alice.address, bob.address, 5n, deadline, sig.v, sig.r, sig.s),
      ).to.be.revertedWithCustomError(token, "ERC2612InvalidSigner");
      expect(await token.allowance(alice.address, bob.address)).to.equal(0n);
    });

    it("keeps permit nonces and authorization nonces apart", async function () {
      const { token, accounts } = await networkHelpers.loadFixture(fundedCityFixture);
      const { alice, bob } = accounts;
      const deadline = await inOneHour();
      const sig = await signPermit(alice, token, bob.address, 1n, deadline);
      await token.permit(alice.address, bob.address, 1n, deadline, sig.v, sig.r, sig.s);
      expect(await token.nonces(alice.address)).to.equal(1n);
      expect(await nextAuthorizationNonce(token, alice.address, 0n)).to.equal(toBeHex(0n, 32));
    });
  });

  describe("ERC-3009", function () {
    it("moves a holder's tokens on its signature, submitted by a relayer that holds none", async function () {
      const { token, accounts } = await networkHelpers.loadFixture(fundedCityFixture);
      const { alice, shop, plumber } = accounts;
      const auth = await signAuthorization(alice, token, shop.address, 25n, { validBefore: await inOneHour() });
      await expect(token.connect(plumber)[TRANSFER_WITH_AUTHORIZATION](...authorizationArgs(auth)))
        .to.emit(token, "AuthorizationUsed")
        .withArgs(alice.address, auth.nonce)
        .and.to.emit(token, "Transfer")
        .withArgs(alice.address, shop.address, 25n);
      expect(await token.balanceOf(alice.address)).to.equal(975n);
      expect(await token.balanceOf(shop.address)).to.equal(35n);
      expect(await token.balanceOf(plumber.address)).to.equal(0n);
      expect(await token.authorizationState(alice.address, auth.nonce)).to.equal(true);
    });

    it("accepts the v, r, s overloads and sequential nonces on one key", async function () {
      const { token, accounts } = await networkHelpers.loadFixture(fundedCityFixture);
      const { alice, shop } = accounts;
      const validBefore = await inOneHour();
      for (const value of [1n, 2n]) {
        const auth = await signAuthorization(alice, token, shop.address, value, { validBefore, nonceKey: 7n });
        const sig = Signature.from(auth.signature);
        await token["transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)"](
          auth.from,
          auth.to,
          auth.value,
          auth.validAfter,
          auth.validBefore,
          auth.nonce,
          sig.v,
          sig.r,
          sig.s,
        );
      }
      expect(await token.authorizationNonce(alice.address, 7n)).to.equal(toBeHex((7n << 64n) | 2n, 32));
      const auth = await signAuthorization(alice, token, shop.address, 3n, { validBefore, kind: "receive" });
      const sig = Signature.from(auth.signature);
      await token
        .connect(shop)
        ["receiveWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)"](
          auth.from,
          auth.to,
          auth.value,
          auth.validAfter,
          auth.validBefore,
          auth.nonce,
          sig.v,
          sig.r,
          sig.s,
        );
      const cancel = await signCancelAuthorization(alice, token, toBeHex((9n << 64n) | 0n, 32));
      const cs = Signature.from(cancel.signature);
      await expect(
        token["cancelAuthorization(address,bytes32,uint8,bytes32,bytes32)"](
          alice.address,
          cancel.nonce,
          cs.v,
          cs.r,
          cs.s,
        ),
      )
        .to.emit(token, "AuthorizationCanceled")
        .withArgs(alice.address, cancel.nonce);
      expect(await token.balanceOf(shop.address)).to.equal(16n);
    });

    it("lets only the named receiver submit a receive authorization", async function () {
      const { token, accounts } = await networkHelpers.loadFixture(fundedCityFixture);
      const { alice, shop, mallory } = accounts;
      const auth = await signAuthorization(alice, token, shop.address, 5n, {
        validBefore: await inOneHour(),
        kind: "receive",
      });
      await expect(token.connect(mallory)[RECEIVE_WITH_AUTHORIZATION](...authorizationArgs(auth)))
        .to.be.revertedWithCustomError(token, "ERC20InvalidReceiver")
        .withArgs(shop.address);
      // A receive authorization is not a transfer authorization (different typehash).
      await expect(
        token.connect(mallory)[TRANSFER_WITH_AUTHORIZATION](...authorizationArgs(auth)),
      ).to.be.revertedWithCustomError(token, "ERC3009InvalidSignature");
      await expect(token.connect(shop)[RECEIVE_WITH_AUTHORIZATION](...authorizationArgs(auth)))
        .to.emit(token, "Transfer")
        .withArgs(alice.address, shop.address, 5n);
    });

    it("accepts an ERC-1271 contract wallet's authorization", async function () {
      const { token, accounts } = await networkHelpers.loadFixture(fundedCityFixture);
      const { treasurer, alice, shop } = accounts;
      const wallet = await ethers.deployContract("ERC1271Wallet", [alice.address]);
      const walletAddress = await wallet.getAddress();
      await token.connect(treasurer).mint(walletAddress, 50n);
      const nonce = toBeHex(5n << 64n, 32);
      const message = {
        from: walletAddress,
        to: shop.address,
        value: 20n,
        validAfter: 0n,
        validBefore: await inOneHour(),
        nonce,
      };
      const signature = await alice.signTypedData(
        await serviceDomain(token),
        TRANSFER_WITH_AUTHORIZATION_TYPES,
        message,
      );
      await token[TRANSFER_WITH_AUTHORIZATION](...authorizationArgs({ ...message, signature }));
      expect(await token.balanceOf(walletAddress)).to.equal(30n);
    });

    it("keeps used and cancelled authorizations through an upgrade (new namespace, same records)", async function () {
      const { token, accounts } = await networkHelpers.loadFixture(fundedCityFixture);
      const { admin, alice, shop } = accounts;
      const validBefore = await inOneHour();
      const used = await signAuthorization(alice, token, shop.address, 1n, { validBefore, nonceKey: 4n });
      await token[TRANSFER_WITH_AUTHORIZATION](...authorizationArgs(used));
      const v2 = await ethers.deployContract("CityTokenV2");
      await token
        .connect(admin)
        .upgradeToAndCall(await v2.getAddress(), v2.interface.encodeFunctionData("initializeV2", [1n]));
      expect(await token.authorizationState(alice.address, used.nonce)).to.equal(true);
      expect(await token.authorizationNonce(alice.address, 4n)).to.equal(toBeHex((4n << 64n) | 1n, 32));
      await expect(token[TRANSFER_WITH_AUTHORIZATION](...authorizationArgs(used))).to.be.revertedWithCustomError(
        token,
        "ERC3009UsedAuthorization",
      );
      const next = await signAuthorization(alice, token, shop.address, 2n, { validBefore, nonceKey: 4n });
      await token[TRANSFER_WITH_AUTHORIZATION](...authorizationArgs(next));
      expect(await token.balanceOf(shop.address)).to.equal(13n);
    });

    describe("bad authorizations, each refused by name with state untouched", function () {
      async function expectUntouched(city: Awaited<ReturnType<typeof fundedCityFixture>>, auth: Authorization) {
        expect(await city.token.balanceOf(city.accounts.alice.address)).to.equal(1000n);
        expect(await city.token.balanceOf(city.accounts.shop.address)).to.equal(10n);
        expect(await city.token.authorizationState(auth.from, auth.nonce)).to.equal(false);
      }

      async function signOver(domain: TypedDataDomain, city: Awaited<ReturnType<typeof fundedCityFixture>>) {
        const { alice, shop } = city.accounts;
        const message = {
          from: alice.address,
          to: shop.address,
          value: 5n,
          validAfter: 0n,
          validBefore: await inOneHour(),
          nonce: toBeHex(3n << 64n, 32),
        };
        const signature = await alice.signTypedData(domain, TRANSFER_WITH_AUTHORIZATION_TYPES, message);
        return { ...message, signature };
      }

      it("signed for another chain", async function () {
        const city = await networkHelpers.loadFixture(fundedCityFixture);
        const auth = await signOver({ ...(await serviceDomain(city.token)), chainId: 1n }, city);
        await expect(city.token[TRANSFER_WITH_AUTHORIZATION](...authorizationArgs(auth))).to.be.revertedWithCustomError(
          city.token,
          "ERC3009InvalidSignature",
        );
        await expectUntouched(city, auth);
      });

      it("signed for another token", async function () {
        const city = await networkHelpers.loadFixture(fundedCityFixture);
        const other = await deployBehindProxy(connection, "CityToken", [
          "City Token",
          "CITY",
          await city.manager.getAddress(),
        ]);
        const auth = await signOver(await serviceDomain(other as unknown as typeof city.token), city);
        await expect(city.token[TRANSFER_WITH_AUTHORIZATION](...authorizationArgs(auth))).to.be.revertedWithCustomError(
          city.token,
          "ERC3009InvalidSignature",
        );
        await expectUntouched(city, auth);
      });

      it("signed by someone else, or altered after signing", async function () {
        const city = await networkHelpers.loadFixture(fundedCityFixture);
        const { token, accounts } = city;
        const forged = await signAuthorization(accounts.mallory, token, accounts.shop.address, 5n, {
          validBefore: await inOneHour(),
        });
        const auth = { ...forged, from: accounts.alice.address };
        await expect(token[TRANSFER_WITH_AUTHORIZATION](...authorizationArgs(auth))).to.be.revertedWithCustomError(
          token,
          "ERC3009InvalidSignature",
        );
        const genuine = await signAuthorization(accounts.alice, token, accounts.shop.address, 5n, {
          validBefore: await inOneHour(),
        });
        await expect(
          token[TRANSFER_WITH_AUTHORIZATION](...authorizationArgs({ ...genuine, value: 500n })),
        ).to.be.revertedWithCustomError(token, "ERC3009InvalidSignature");
        await expectUntouched(city, genuine);
      });

      it("expired, or not valid yet", async function () {
        const city = await networkHelpers.loadFixture(fundedCityFixture);
        const { token, accounts } = city;
        const now = BigInt(await networkHelpers.time.latest());
        const expired = await signAuthorization(accounts.alice, token, accounts.shop.address, 5n, {
          validBefore: now,
        });
        await expect(token[TRANSFER_WITH_AUTHORIZATION](...authorizationArgs(expired)))
          .to.be.revertedWithCustomError(token, "ERC3009InvalidAuthorizationTime")
          .withArgs(0n, now);
        const future = await signAuthorization(accounts.alice, token, accounts.shop.address, 5n, {
          validAfter: now + 600n,
          validBefore: now + 3600n,
        });
        await expect(token[TRANSFER_WITH_AUTHORIZATION](...authorizationArgs(future)))
          .to.be.revertedWithCustomError(token, "ERC3009InvalidAuthorizationTime")
          .withArgs(now + 600n, now + 3600n);
        await expectUntouched(city, future);
        await networkHelpers.time.increaseTo(now + 601n);
        await token[TRANSFER_WITH_AUTHORIZATION](...authorizationArgs(future));
        expect(await token.balanceOf(accounts.shop.address)).to.equal(15n);
      });

      it("replayed", async function () {
        const city = await networkHelpers.loadFixture(fundedCityFixture);
        const { token, accounts } = city;
        const auth = await signAuthorization(accounts.alice, token, accounts.shop.address, 5n, {
          validBefore: await inOneHour(),
        });
        await token[TRANSFER_WITH_AUTHORIZATION](...authorizationArgs(auth));
        await expect(token[TRANSFER_WITH_AUTHORIZATION](...authorizationArgs(auth)))
          .to.be.revertedWithCustomError(token, "ERC3009UsedAuthorization")
          .withArgs(accounts.alice.address, auth.nonce);
        expect(await token.balanceOf(accounts.shop.address)).to.equal(15n);
      });

      it("cancelled before use, and a cancellation cannot be replayed", async function () {
        const city = await networkHelpers.loadFixture(fundedCityFixture);
        const { token, accounts } = city;
        const auth = await signAuthorization(accounts.alice, token, accounts.shop.address, 5n, {
          validBefore: await inOneHour(),
        });
        const cancel = await signCancelAuthorization(accounts.alice, token, auth.nonce);
        await expect(token[CANCEL_AUTHORIZATION](cancel.authorizer, cancel.nonce, cancel.signature))
          .to.emit(token, "AuthorizationCanceled")
          .withArgs(accounts.alice.address, auth.nonce);
        await expect(token[TRANSFER_WITH_AUTHORIZATION](...authorizationArgs(auth)))
          .to.be.revertedWithCustomError(token, "ERC3009UsedAuthorization")
          .withArgs(accounts.alice.address, auth.nonce);
        await expect(token[CANCEL_AUTHORIZATION](cancel.authorizer, cancel.nonce, cancel.signature))
          .to.be.revertedWithCustomError(token, "ERC3009UsedAuthorization")
          .withArgs(accounts.alice.address, auth.nonce);
        const forged = await signCancelAuthorization(accounts.mallory, token, toBeHex(8n << 64n, 32));
        await expect(
          token[CANCEL_AUTHORIZATION](accounts.alice.address, forged.nonce, forged.signature),
        ).to.be.revertedWithCustomError(token, "ERC3009InvalidSignature");
        expect(await token.balanceOf(accounts.shop.address)).to.equal(10n);
      });

      it("a nonce ahead of the key's sequence, or above the holder's balance", async function () {
        const city = await networkHelpers.loadFixture(fundedCityFixture);
        const { token, accounts } = city;
        const ahead = await signOver(await serviceDomain(token), city);
        const skipped = { ...ahead, nonce: toBeHex((3n << 64n) | 1n, 32) };
        skipped.signature = await accounts.alice.signTypedData(
          await serviceDomain(token),
          TRANSFER_WITH_AUTHORIZATION_TYPES,
          { ...skipped, signature: undefined },
        );
        await expect(token[TRANSFER_WITH_AUTHORIZATION](...authorizationArgs(skipped)))
          .to.be.revertedWithCustomError(token, "CityTokenAuthorizationOutOfOrder")
          .withArgs(accounts.alice.address, skipped.nonce, 0n);
        const tooMuch = await signAuthorization(accounts.alice, token, accounts.shop.address, 1001n, {
          validBefore: await inOneHour(),
        });
        await expect(token[TRANSFER_WITH_AUTHORIZATION](...authorizationArgs(tooMuch)))
          .to.be.revertedWithCustomError(token, "ERC20InsufficientBalance")
          .withArgs(accounts.alice.address, 1000n, 1001n);
        await expectUntouched(city, tooMuch);
      });
    });
  });
});
