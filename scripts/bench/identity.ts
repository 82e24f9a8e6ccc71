import { encodeBytes32String, getAddress, id, toBeHex, Wallet } from "ethers";

import { AssuranceLevel, IdentityKind, signWalletBinding } from "../../src/identity.js";
import { gasOf, type BenchSuite } from "./types.js";

/** Identities registered before `identity.register_after_1000` is measured. */
const PRIOR_REGISTRATIONS = 1000;
const YEAR = 365n * 86_400n;

/**
 * A deterministic value of `bytes` bytes with no zero byte, so every measured registration pays exactly the same
 * calldata gas (a zero byte costs 4 gas, any other 16) whatever its label.
 */
function dense(label: string, bytes: number): string {
  for (let attempt = 0; ; attempt++) {
    const hex = id(`${label}#${attempt}`).slice(2, 2 + bytes * 2);
    if (!/^(?:[0-9a-f]{2})*?00/.test(hex)) return `0x${hex}`;
  }
}

const freshWallet = (label: string): string => getAddress(dense(`wallet:${label}`, 20));
const freshSubject = (label: string): string => dense(`subject:${label}`, 32);

/**
 * The authentication layer. `identity.register` and `identity.register_after_1000` are measured under the same
 * conditions (fresh wallet, fresh subject, same calldata cost): the second after 1000 other registrations, to show
 * that the cost does not grow with the number of identities. `identity.recover` sums every transaction of a
 * 2-of-3 recovery (open with the first approval, second approval, execution after the veto window).
 */
export const identitySuite: BenchSuite = async ({ connection, city }) => {
  const { networkHelpers } = connection;
  const { identity, claims } = city;
  const { admin, registrar, alice, bob, carol, dave, erin } = city.accounts;
  const ops: Record<string, bigint> = {};
  const registry = identity.connect(registrar);
  const validUntil = BigInt(await networkHelpers.time.latest()) + 10n * YEAR;
  const record = (label: string) => dense(`record:${label}`, 32);
  let nextId = (await identity.identityCount()) + 1n;
  const register = async (label: string, wallet: string, level: number = AssuranceLevel.BIOMETRIC) => {
    const gas = await gasOf(
      registry.register(IdentityKind.Resident, level, freshSubject(label), record(label), validUntil, wallet),
    );
    return { id: nextId++, gas };
  };

  ops["identity.register"] = (await register("first", freshWallet("first"))).gas;
  for (let i = 0; i < PRIOR_REGISTRATIONS; i++) await register(`bulk-${i}`, freshWallet(`bulk-${i}`));
  ops["identity.register_after_1000"] = (await register("after", freshWallet("after"))).gas;

  // The cast gets identities: alice (to recover), bob, carol and dave (her guardians), erin (an issuer).
  const aliceId = (await register("alice", alice.address)).id;
  const [bobId, carolId, daveId, erinId] = [
    (await register("bob", bob.address)).id,
    (await register("carol", carol.address)).id,
    (await register("dave", dave.address)).id,
    (await register("erin", erin.address)).id,
  ];

  const meter = freshWallet("meter");
  ops["identity.register_device"] = await gasOf(
    registry.registerDevice(
      aliceId,
      AssuranceLevel.ONE_TIME_CODE,
      freshSubject("meter"),
      record("meter"),
      validUntil,
      meter,
    ),
  );
  // Queries are views; their cost as a call (estimateGas, 21,000 intrinsic included) shows they are O(1) reads.
  ops["identity.view.is_verified"] = await identity.isVerified.estimateGas(alice.address, AssuranceLevel.BIOMETRIC);
  ops["identity.view.is_verified_device"] = await identity.isVerified.estimateGas(meter, AssuranceLevel.ONE_TIME_CODE);
  ops["identity.set_level"] = await gasOf(registry.setLevel(bobId, AssuranceLevel.ONE_TIME_CODE));
  ops["identity.renew"] = await gasOf(registry.renew(bobId, validUntil + YEAR));
  ops["identity.update_record"] = await gasOf(registry.updateRecord(bobId, record("bob v2")));
  ops["identity.suspend"] = await gasOf(registry.suspend(bobId, encodeBytes32String("bench")));
  ops["identity.reinstate"] = await gasOf(registry.reinstate(bobId));
  ops["identity.set_service_min_level"] = await gasOf(
    identity.connect(admin).setServiceMinLevel(encodeBytes32String("land"), AssuranceLevel.ONE_TIME_CODE),
  );

  const phone = Wallet.createRandom();
  const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
  const signed = await signWalletBinding(phone, identity, aliceId, { deadline });
  ops["identity.bind_wallet"] = await gasOf(
    identity.connect(alice).bindWallet(aliceId, phone.address, signed.binding.nonce, deadline, signed.signature),
  );
  ops["identity.unbind_wallet"] = await gasOf(identity.connect(alice).unbindWallet(aliceId, phone.address));
  const spare = Wallet.createRandom();
  const spareSigned = await signWalletBinding(spare, identity, aliceId, { deadline });
  await gasOf(
    identity
      .connect(alice)
      .bindWallet(aliceId, spare.address, spareSigned.binding.nonce, deadline, spareSigned.signature),
  );

  ops["identity.appoint_guardians_3"] = await gasOf(
    identity.connect(alice).appointGuardians(aliceId, [bobId, carolId, daveId], 2),
  );
  await networkHelpers.time.increase(await identity.recoveryDelay()); // every guardian set waits for the delay
  const newWallet = freshWallet("alice recovered");
  const recoveryId = 1n;
  const initiate = await gasOf(identity.connect(bob).initiateRecovery(aliceId, newWallet));
  const approve = await gasOf(identity.connect(carol).approveRecovery(recoveryId));
  await networkHelpers.time.increase(await identity.recoveryDelay());
  const execute = await gasOf(identity.connect(dave).executeRecovery(recoveryId));
  ops["identity.recover.initiate"] = initiate;
  ops["identity.recover.approve"] = approve;
  ops["identity.recover.execute_with_1_bound_wallet"] = execute;
  ops["identity.recover"] = initiate + approve + execute;

  ops["identity.revoke"] = await gasOf(registry.revoke(daveId, encodeBytes32String("bench")));
  ops["identity.register_again_after_revoke"] = await gasOf(
    registry.register(
      IdentityKind.Resident,
      AssuranceLevel.BIOMETRIC,
      freshSubject("dave"),
      record("dave v2"),
      validUntil,
      freshWallet("dave v2"),
    ),
  );

  const topic = encodeBytes32String("land-surveyor");
  ops["claims.set_trusted_issuer"] = await gasOf(claims.connect(admin).setTrustedIssuer(topic, erinId, true));
  ops["claims.issue"] = await gasOf(claims.connect(erin).issueClaim(bobId, topic, record("licence"), validUntil));
  ops["claims.revoke"] = await gasOf(claims.connect(erin).revokeClaim(1n, toBeHex(1, 32)));
  return ops;
};
