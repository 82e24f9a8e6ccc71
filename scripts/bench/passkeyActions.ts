import { encodeBytes32String, parseEther, type Signer } from "ethers";

import { HealthCategory, HealthPurpose, PHYSICIAN_TOPIC, signHealthGrant } from "../../src/health.js";
import { AssuranceLevel, IdentityKind } from "../../src/identity.js";
import {
  acceptDigest,
  castDigest,
  healthGrantDigest,
  SoftwareAuthenticator,
  transferDigest,
} from "../../src/passkeys.js";
import { nextAuthorizationNonce, signAuthorization } from "../../src/payments.js";
import { batchInput, signAccept, Unit } from "../../src/supply.js";
import { BallotMode, electionParams, signCast } from "../../src/voting.js";
import { gasOf, type BenchSuite, type Budget } from "./types.js";

const YEAR = 365n * 86_400n;
/** A fixed far deadline: the same calldata (hence the same figure) on every run. */
const DEADLINE = 1n << 40n;
const HERE = encodeBytes32String("warehouse");

/**
 * Issue 20, every other resident action by passkey: `<service>.<action>_by_passkey` (a relayer submits alice's
 * WebAuthn assertion over the action's EIP-712 digest) next to `<service>.<action>_by_ecdsa` (the same action,
 * relayed with dave's EIP-712 ECDSA signature), in the same run and the same state shape (each the first such
 * action of its identity; shared counters already written). Keys are fixed (noble signs deterministically) and
 * deadlines constant, so every figure is the same on every run.
 */
export const passkeyActionsSuite: BenchSuite = async ({ connection, city }) => {
  const { networkHelpers } = connection;
  const { identity, passkeys, elections, healthConsents, supplyChain, token, claims } = city;
  const { registrar, admin, alice, dave, erin, mallory, electionOfficial, doctor, farm, treasurer } = city.accounts;
  const ops: Record<string, bigint> = {};
  const validUntil = BigInt(await networkHelpers.time.latest()) + 10n * YEAR;
  const register = async (wallet: Signer, n: number, kind: number = IdentityKind.Resident): Promise<bigint> => {
    const address = await wallet.getAddress();
    const level = kind === IdentityKind.Business ? AssuranceLevel.ONE_TIME_CODE : AssuranceLevel.BIOMETRIC;
    const subject = "0x" + n.toString(16).padStart(2, "0").repeat(32);
    await (await identity.connect(registrar).register(kind, level, subject, subject, validUntil, address)).wait();
    return identity.identityOf(address);
  };
  const aliceId = await register(alice, 1);
  const daveId = await register(dave, 2);
  const erinId = await register(erin, 3);
  const key = new SoftwareAuthenticator("localhost", "http://localhost", new Uint8Array(32).fill(0xa1));
  await (await passkeys.connect(alice).registerPasskey(aliceId, key.publicKey.qx, key.publicKey.qy, "0x01")).wait();
  const passkeyId = await passkeys.passkeyCount();
  const relayer = mallory;

  // Votes: two public elections, each voter's first ballot in its own election (same words written).
  const start = BigInt(await networkHelpers.time.latest()) + 3_600n;
  for (let i = 0; i < 2; i++) {
    await (
      await elections.connect(electionOfficial).createElection(electionParams(start, { mode: BallotMode.Public }))
    ).wait();
  }
  const [ecdsaElection, passkeyElection] = [1n, 2n];

  // Health: a licensed doctor; a first grant (erin's) writes the shared counters.
  const board = await register(registrar, 4, IdentityKind.Official);
  await (await claims.connect(admin).setTrustedIssuer(PHYSICIAN_TOPIC, board, true)).wait();
  const doctorId = await register(doctor, 5);
  await (
    await claims.connect(registrar).issueClaim(doctorId, PHYSICIAN_TOPIC, "0x" + "0d".repeat(32), validUntil)
  ).wait();

  // Supply: two batches of the farm, offered to dave and to alice.
  const farmId = await register(farm, 6, IdentityKind.Business);
  for (const [lot, toId] of [
    ["L1", daveId],
    ["L2", aliceId],
  ] as const) {
    const batch = batchInput("wheat", 1_000n, { unit: Unit.KILOGRAM, origin: "north", gtin: "1", lot });
    await (await supplyChain.connect(farm).createBatch(batch, HERE)).wait();
    await (await supplyChain.connect(farm).offer(await supplyChain.batchCount(), toId, HERE)).wait();
  }

  await networkHelpers.time.increaseTo(start);
  const grant = (patientId: bigint, nonce: bigint) => ({
    patientId,
    providerId: doctorId,
    category: HealthCategory.Lab,
    purpose: HealthPurpose.Treatment,
    expiresAt: start + YEAR,
    nonce,
    deadline: DEADLINE,
  });
  await (
    await healthConsents.connect(erin).grantAccess(doctorId, HealthCategory.Lab, HealthPurpose.Treatment, start + YEAR)
  ).wait();
  void erinId;

  // --- votes
  {
    const { signature } = await signCast(dave, elections, ecdsaElection, daveId, 1, { deadline: DEADLINE });
    ops["voting.cast_by_ecdsa"] = await gasOf(
      elections.connect(relayer).castBySig(ecdsaElection, daveId, 1, DEADLINE, signature),
    );
    const message = { electionId: passkeyElection, voterId: aliceId, choice: 1, nonce: 0n, deadline: DEADLINE };
    const assertion = key.assert(passkeyId, await castDigest(elections, message));
    ops["voting.cast_by_passkey"] = await gasOf(
      elections.connect(relayer).castByPasskey(passkeyElection, aliceId, 1, DEADLINE, assertion),
    );
  }
  // --- health consents
  {
    const { grant: g, signature } = await signHealthGrant(dave, healthConsents, grant(daveId, 0n));
    ops["health.grant_by_ecdsa"] = await gasOf(
      healthConsents
        .connect(relayer)
        .grantAccessBySignature(g.patientId, g.providerId, g.category, g.purpose, g.expiresAt, DEADLINE, signature),
    );
    const p = grant(aliceId, 0n);
    const assertion = key.assert(passkeyId, await healthGrantDigest(healthConsents, p));
    ops["health.grant_by_passkey"] = await gasOf(
      healthConsents
        .connect(relayer)
        .grantAccessByPasskey(p.patientId, p.providerId, p.category, p.purpose, p.expiresAt, DEADLINE, assertion),
    );
  }
  // --- supply-chain acceptances
  {
    const accept = (batchId: bigint, receiverId: bigint) => ({
      batchId,
      holderId: farmId,
      receiverId,
      where: HERE,
      nonce: 0n,
      deadline: DEADLINE,
    });
    const signature = await signAccept(dave, supplyChain, accept(1n, daveId));
    ops["supply.accept_by_ecdsa"] = await gasOf(
      supplyChain.connect(relayer).acceptBySig(1n, HERE, DEADLINE, signature),
    );
    const assertion = key.assert(passkeyId, await acceptDigest(supplyChain, accept(2n, aliceId)));
    ops["supply.accept_by_passkey"] = await gasOf(
      supplyChain.connect(relayer).acceptByPasskey(2n, HERE, DEADLINE, assertion),
    );
  }
  // --- payments (ERC-3009): each payer's second payment on its key, to a fresh payee
  {
    for (const who of [alice, dave])
      await (await token.connect(treasurer).mint(await who.getAddress(), parseEther("100"))).wait();
    const value = parseEther("1");
    const ecdsaPay = async (to: string) => {
      const auth = await signAuthorization(dave, token, to, value, { validBefore: DEADLINE, nonceKey: 1n });
      return gasOf(
        token
          .connect(relayer)
          ["transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,bytes)"](
            auth.from,
            auth.to,
            auth.value,
            auth.validAfter,
            auth.validBefore,
            auth.nonce,
            auth.signature,
          ),
      );
    };
    const passkeyPay = async (to: string) => {
      const nonce = await nextAuthorizationNonce(token, alice.address, 1n);
      const transfer = { from: alice.address, to, value, validAfter: 0n, validBefore: DEADLINE, nonce };
      const assertion = key.assert(passkeyId, await transferDigest(token, transfer));
      return gasOf(
        token.connect(relayer).transferWithPasskey(transfer.from, to, value, 0n, DEADLINE, transfer.nonce, assertion),
      );
    };
    await ecdsaPay(city.accounts.bob.address);
    await passkeyPay(city.accounts.bob.address);
    ops["payments.transfer_by_ecdsa"] = await ecdsaPay(city.accounts.carol.address);
    ops["payments.transfer_by_passkey"] = await passkeyPay(city.accounts.shop.address);
  }
  return ops;
};

/** Issue 20: every action by passkey at most 1.5x the same action by an EIP-712 ECDSA signature. */
export const passkeyActionsBudgets: Budget[] = [
  { operation: "voting.cast_by_passkey", atMost: 1.5, of: "voting.cast_by_ecdsa" },
  { operation: "health.grant_by_passkey", atMost: 1.5, of: "health.grant_by_ecdsa" },
  { operation: "supply.accept_by_passkey", atMost: 1.5, of: "supply.accept_by_ecdsa" },
  // Measured in the insurance suite (scripts/bench/insurance.ts): a relayed claim, passkey vs ECDSA.
  { operation: "insurance.claim_by_passkey", atMost: 1.5, of: "insurance.claim_by_signature" },
  // Not met yet (1.54 x: the ECDSA path reads no identity at all; the passkey path crosses two proxies, the
  // PasskeyRegistry and the IdentityRegistry; contracts/identity/README.md traces it item by item and gives the
  // remaining design): printed as MISS, issue 20 stays open.
  { operation: "payments.transfer_by_passkey", atMost: 1.5, of: "payments.transfer_by_ecdsa" },
];
