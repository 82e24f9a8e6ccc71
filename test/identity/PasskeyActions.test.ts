import { expect } from "chai";
import {
  encodeBytes32String,
  parseEther,
  Wallet,
  ZeroHash,
  type BaseContract,
  type ContractTransactionResponse,
} from "ethers";

import { HealthCategory, HealthPurpose, PHYSICIAN_TOPIC } from "../../src/health.js";
import { AssuranceLevel, IdentityKind } from "../../src/identity.js";
import {
  acceptDigest,
  castDigest,
  commitDigest,
  healthGrantDigest,
  SoftwareAuthenticator,
  transferDigest,
  type PasskeyAssertion,
  type SignOptions,
} from "../../src/passkeys.js";
import { nextAuthorizationNonce } from "../../src/payments.js";
import { batchInput, Unit } from "../../src/supply.js";
import { BallotMode, electionParams, secretBallot } from "../../src/voting.js";
import type { Elections } from "../../typechain-types/index.js";
import { deployIdentityCity, recordOf, registerResident, type IdentityCity } from "./helpers.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;
const DAY = 86_400n;
const DELAY = 3n * DAY;
const HERE = encodeBytes32String("warehouse");

/** Deterministic passkeys (noble signs deterministically): the same key, hence the same figures, every run. */
const seed = (byte: number) => new Uint8Array(32).fill(byte);

interface ActionsCity extends IdentityCity {
  keys: { alice: SoftwareAuthenticator; bob: SoftwareAuthenticator };
  passkeyIds: { alice: bigint; bob: bigint };
  electionId: bigint;
  secretElectionId: bigint;
  doctorId: bigint;
  farmId: bigint;
  deadline: bigint;
}

/**
 * A city with passkeys for alice (level 3) and bob (level 2); a public and a secret election in their Voting
 * phase; a licensed doctor; the farm's batch offered to alice; alice holding tokens.
 */
async function fixture(): Promise<ActionsCity> {
  const city = await deployIdentityCity(connection);
  const { alice, bob, admin, registrar, electionOfficial, doctor, farm, treasurer } = city.accounts;
  const keys = {
    alice: new SoftwareAuthenticator("localhost", "http://localhost", seed(0xa1)),
    bob: new SoftwareAuthenticator("localhost", "http://localhost", seed(0xb2)),
  };
  const passkeyIds = { alice: 0n, bob: 0n };
  for (const [name, signer] of [
    ["alice", alice],
    ["bob", bob],
  ] as const) {
    const { qx, qy } = keys[name].publicKey;
    await (await city.passkeys.connect(signer).registerPasskey(city.ids[name], qx, qy, keys[name].credentialId)).wait();
    passkeyIds[name] = await city.passkeys.passkeyCount();
  }
  const start = BigInt(await networkHelpers.time.latest()) + 3_600n;
  const official = city.elections.connect(electionOfficial);
  await (await official.createElection(electionParams(start, { mode: BallotMode.Public }))).wait();
  await (await official.createElection(electionParams(start))).wait();
  const electionId = (await city.elections.electionCount()) - 1n;
  const board = await registerResident(city, registrar, "BOARD-1", { kind: IdentityKind.Official });
  await (await city.claims.connect(admin).setTrustedIssuer(PHYSICIAN_TOPIC, board, true)).wait();
  const doctorId = await registerResident(city, doctor, "MED-1");
  await (
    await city.claims.connect(registrar).issueClaim(doctorId, PHYSICIAN_TOPIC, recordOf("licence"), city.validUntil)
  ).wait();
  const farmId = await registerResident(city, farm, "CHE-1", {
    kind: IdentityKind.Business,
    level: AssuranceLevel.ONE_TIME_CODE,
  });
  const batch = batchInput("wheat", 1_000n, { unit: Unit.KILOGRAM, origin: "north", gtin: "1", lot: "L1" });
  await (await city.supplyChain.connect(farm).createBatch(batch, HERE)).wait();
  await (await city.supplyChain.connect(farm).offer(1n, city.ids.alice, HERE)).wait();
  await (await city.token.connect(treasurer).mint(alice.address, parseEther("1000"))).wait();
  await networkHelpers.time.increaseTo(start);
  const deadline = start + 30n * DAY;
  return { ...city, keys, passkeyIds, electionId, secretElectionId: electionId + 1n, doctorId, farmId, deadline };
}

/** What a test varies in an assertion: whose passkey signs, a digest other than the action's, a deadline, flags. */
interface Variant extends SignOptions {
  signer?: "alice" | "bob";
  digest?: string;
  deadline?: bigint;
}

/** One resident action by passkey: how to submit it, what it changed, and the nonce it consumes. */
interface Action {
  name: string;
  contract: (city: ActionsCity) => BaseContract;
  submit: (city: ActionsCity, v: Variant) => Promise<ContractTransactionResponse>;
  done: (city: ActionsCity) => Promise<boolean>;
  nonce: (city: ActionsCity) => Promise<bigint | string>;
}

function assertion(city: ActionsCity, digest: string, v: Variant): PasskeyAssertion {
  const who = v.signer ?? "alice";
  return city.keys[who].assert(city.passkeyIds[who], v.digest ?? digest, v);
}

const PAYMENT = parseEther("10");
const KEY = 7n;

const ACTIONS: Action[] = [
  {
    name: "a public vote (Elections.castByPasskey)",
    contract: (city) => city.elections,
    async submit(city, v) {
      const deadline = v.deadline ?? city.deadline;
      const [electionId, voterId] = [city.electionId, city.ids.alice];
      const nonce = await city.elections.nonces(voterId);
      const digest = await castDigest(city.elections, { electionId, voterId, choice: 1, nonce, deadline });
      return city.elections
        .connect(city.accounts.mallory)
        .castByPasskey(electionId, voterId, 1, deadline, assertion(city, digest, v));
    },
    done: async (city) => (await city.elections.receipt(city.electionId, city.ids.alice)).counted,
    nonce: (city) => city.elections.nonces(city.ids.alice),
  },
  {
    name: "a secret ballot's commitment (Elections.commitByPasskey)",
    contract: (city) => city.elections,
    async submit(city, v) {
      const deadline = v.deadline ?? city.deadline;
      const [electionId, voterId] = [city.secretElectionId, city.ids.alice];
      const { commitment } = await secretBallot(city.elections, electionId, voterId, 0, ZeroHash);
      const nonce = await city.elections.nonces(voterId);
      const message = { electionId, voterId, commitment, previous: ZeroHash, nonce, deadline };
      const digest = await commitDigest(city.elections, message);
      return city.elections
        .connect(city.accounts.mallory)
        .commitByPasskey(electionId, voterId, commitment, ZeroHash, deadline, assertion(city, digest, v));
    },
    done: async (city) => (await city.elections.receipt(city.secretElectionId, city.ids.alice)).commitment !== ZeroHash,
    nonce: (city) => city.elections.nonces(city.ids.alice),
  },
  {
    name: "a health consent (HealthConsents.grantAccessByPasskey)",
    contract: (city) => city.healthConsents,
    async submit(city, v) {
      const deadline = v.deadline ?? city.deadline;
      const expiresAt = city.deadline + DAY;
      const grant = {
        patientId: city.ids.alice,
        providerId: city.doctorId,
        category: HealthCategory.Lab,
        purpose: HealthPurpose.Treatment,
        expiresAt,
        nonce: await city.healthConsents.nonceOf(city.ids.alice),
        deadline,
      };
      const digest = await healthGrantDigest(city.healthConsents, grant);
      return city.healthConsents
        .connect(city.accounts.mallory)
        .grantAccessByPasskey(
          grant.patientId,
          grant.providerId,
          grant.category,
          grant.purpose,
          expiresAt,
          deadline,
          assertion(city, digest, v),
        );
    },
    done: (city) =>
      city.healthConsents.canAccess(city.doctorId, city.ids.alice, HealthCategory.Lab, HealthPurpose.Treatment),
    nonce: (city) => city.healthConsents.nonceOf(city.ids.alice),
  },
  {
    name: "a supply-chain acceptance (SupplyChain.acceptByPasskey)",
    contract: (city) => city.supplyChain,
    async submit(city, v) {
      const deadline = v.deadline ?? city.deadline;
      const receiverId = city.ids.alice;
      const nonce = await city.supplyChain.nonceOf(receiverId);
      const message = { batchId: 1n, holderId: city.farmId, receiverId, where: HERE, nonce, deadline };
      const digest = await acceptDigest(city.supplyChain, message);
      return city.supplyChain
        .connect(city.accounts.mallory)
        .acceptByPasskey(1n, HERE, deadline, assertion(city, digest, v));
    },
    done: async (city) => (await city.supplyChain.batch(1n)).holder === city.ids.alice,
    nonce: (city) => city.supplyChain.nonceOf(city.ids.alice),
  },
  {
    name: "a payment (CityToken.transferWithPasskey, ERC-3009)",
    contract: (city) => city.token,
    async submit(city, v) {
      const validBefore = v.deadline ?? city.deadline;
      const from = city.accounts.alice.address;
      const to = city.accounts.bob.address;
      const nonce = await nextAuthorizationNonce(city.token, from, KEY);
      const transfer = { from, to, value: PAYMENT, validAfter: 0n, validBefore, nonce };
      const digest = await transferDigest(city.token, transfer);
      return city.token
        .connect(city.accounts.mallory)
        .transferWithPasskey(from, to, PAYMENT, 0n, validBefore, nonce, assertion(city, digest, v));
    },
    done: async (city) => (await city.token.balanceOf(city.accounts.bob.address)) === PAYMENT,
    nonce: (city) => city.token.authorizationNonce(city.accounts.alice.address, KEY),
  },
];

/** Expects a refusal and proves the state untouched: the action not done, the nonce not consumed. */
async function expectRefused(
  city: ActionsCity,
  action: Action,
  sent: Promise<unknown>,
  contract: BaseContract,
  error: string,
) {
  const before = await action.nonce(city);
  await expect(sent).to.be.revertedWithCustomError(contract as never, error);
  expect(await action.done(city)).to.equal(false);
  expect(await action.nonce(city)).to.equal(before);
}

/**
 * The new ADMIN setters (`setPasskeyRegistry`, `setPasskeyLevel3From`) are in `src/permissions.ts`, so each
 * service's shared unauthorized-caller suite covers them (Permissions.test.ts for CityToken, ElectionsSecurity,
 * health Security, SupplyChain).
 */
describe("Passkey entry points of resident actions (PasskeyActions, issue 20)", function () {
  for (const action of ACTIONS) {
    describe(action.name, function () {
      it("accepts a relayed assertion of the resident's passkey over the action's EIP-712 digest, once", async function () {
        const city = await networkHelpers.loadFixture(fixture);
        const before = await action.nonce(city);
        await (await action.submit(city, {})).wait();
        expect(await action.done(city)).to.equal(true);
        expect(await action.nonce(city)).to.not.equal(before);
      });

      it("refuses another identity's passkey, a tampered digest, an expired deadline, a missing UV flag at level 3", async function () {
        const city = await networkHelpers.loadFixture(fixture);
        const c = action.contract(city);
        const isToken = c === city.token;
        await expectRefused(
          city,
          action,
          action.submit(city, { signer: "bob" }),
          city.passkeys,
          isToken ? "PasskeyWalletMismatch" : "PasskeyNotOfIdentity",
        );
        await expectRefused(
          city,
          action,
          action.submit(city, { digest: ethers.id("another action") }),
          city.passkeys,
          "PasskeyChallengeMismatch",
        );
        const past = BigInt(await networkHelpers.time.latest()) - 1n;
        await expectRefused(
          city,
          action,
          action.submit(city, { deadline: past }),
          isToken ? city.token : c,
          isToken
            ? "ERC3009InvalidAuthorizationTime"
            : ({
                [await city.elections.getAddress()]: "VotingSignatureExpired",
                [await city.healthConsents.getAddress()]: "HealthSignatureExpired",
                [await city.supplyChain.getAddress()]: "SupplySignatureExpired",
              }[await c.getAddress()] as string),
        );
        // Level 3 required: a user-present but not user-verified assertion is refused; with UV it passes.
        // Every service has the same PasskeyActions setter; Elections' typing stands for all four.
        await (await (c as unknown as Elections).connect(city.accounts.admin).setPasskeyLevel3From(1n)).wait();
        await expectRefused(
          city,
          action,
          action.submit(city, { userVerified: false }),
          city.passkeys,
          "PasskeyUserNotVerified",
        );
        await (await action.submit(city, { userVerified: true })).wait();
        expect(await action.done(city)).to.equal(true);
      });

      it("refuses a replayed assertion", async function () {
        const city = await networkHelpers.loadFixture(fixture);
        const tx = await action.submit(city, {});
        await tx.wait();
        expect(await action.done(city)).to.equal(true);
        const nonce = await action.nonce(city);
        // The very same calldata again: the nonce it was bound to is used, so it is refused and changes nothing.
        await expect(city.accounts.mallory.sendTransaction({ to: tx.to, data: tx.data })).to.be.revert(ethers);
        expect(await action.nonce(city)).to.equal(nonce);
      });

      it("refuses the passkey after a key recovery of the identity", async function () {
        const city = await networkHelpers.loadFixture(fixture);
        await recoverAlice(city);
        expect(await city.passkeys.isPasskeyAlive(city.passkeyIds.alice)).to.equal(false);
        const c = action.contract(city);
        const sent = action.submit(city, {});
        // The health service and the token reach the verifier (dead passkey / wallet no longer the identity's);
        // elections and supply refuse the freshly recovered identity before (their own eligibility checks).
        if (c === city.token) await expect(sent).to.be.revertedWithCustomError(city.passkeys, "PasskeyWalletMismatch");
        else if (c === city.healthConsents) {
          await expect(sent).to.be.revertedWithCustomError(city.passkeys, "PasskeyReplacedByRecovery");
        } else await expect(sent).to.be.revert(ethers);
        expect(await action.done(city)).to.equal(false);
      });
    });
  }

  it("a payment below the level-3 threshold passes without UV; from the threshold on it needs UV", async function () {
    const city = await networkHelpers.loadFixture(fixture);
    await (await city.token.connect(city.accounts.admin).setPasskeyLevel3From(PAYMENT + 1n)).wait();
    await (await ACTIONS[4].submit(city, { userVerified: false })).wait();
    expect(await city.token.balanceOf(city.accounts.bob.address)).to.equal(PAYMENT);
    await (await city.token.connect(city.accounts.admin).setPasskeyLevel3From(PAYMENT)).wait();
    await expect(ACTIONS[4].submit(city, { userVerified: false })).to.be.revertedWithCustomError(
      city.passkeys,
      "PasskeyUserNotVerified",
    );
    await expect(city.token.connect(city.accounts.admin).setPasskeyLevel3From(1n << 96n))
      .to.be.revertedWithCustomError(city.token, "PasskeyActionsLevel3Invalid")
      .withArgs(1n << 96n);
    expect(await city.token.passkeyPolicy()).to.deep.equal([await city.passkeys.getAddress(), PAYMENT]);
  });

  it("a service whose verifier is unset refuses every passkey action; the setter emits its event", async function () {
    const city = await networkHelpers.loadFixture(fixture);
    await expect(city.elections.connect(city.accounts.admin).setPasskeyRegistry(ethers.ZeroAddress))
      .to.emit(city.elections, "PasskeyActionsRegistrySet")
      .withArgs(ethers.ZeroAddress);
    await expect(ACTIONS[0].submit(city, {})).to.be.revertedWithCustomError(
      city.elections,
      "PasskeyActionsRegistryNotSet",
    );
  });

  it("a service whose verifier is not a contract refuses passkey actions and payments (the call is forwarded raw)", async function () {
    const city = await networkHelpers.loadFixture(fixture);
    const { admin, mallory } = city.accounts;
    await (await city.elections.connect(admin).setPasskeyRegistry(mallory.address)).wait();
    await (await city.token.connect(admin).setPasskeyRegistry(mallory.address)).wait();
    await expect(ACTIONS[0].submit(city, {})).to.be.revertedWithCustomError(
      city.elections,
      "PasskeyActionsRegistryNotSet",
    );
    await expect(ACTIONS[4].submit(city, {})).to.be.revertedWithCustomError(city.token, "PasskeyActionsRegistryNotSet");
    expect(await city.token.balanceOf(city.accounts.bob.address)).to.equal(0n);
  });
});

/** Alice's guardians (bob, carol, dave) move her identity to a fresh wallet. */
async function recoverAlice(city: ActionsCity): Promise<void> {
  const { alice, bob, carol } = city.accounts;
  const { ids } = city;
  await (await city.identity.connect(alice).appointGuardians(ids.alice, [ids.bob, ids.carol, ids.dave], 2)).wait();
  await networkHelpers.time.increase(DELAY);
  const rescue = Wallet.createRandom().connect(ethers.provider);
  await (await alice.sendTransaction({ to: rescue.address, value: ethers.parseEther("1") })).wait();
  await (await city.identity.connect(bob).initiateRecovery(ids.alice, rescue.address)).wait();
  await (await city.identity.connect(carol).approveRecovery(1n)).wait();
  await networkHelpers.time.increase(DELAY + 1n);
  await (await city.identity.executeRecovery(1n)).wait();
}
