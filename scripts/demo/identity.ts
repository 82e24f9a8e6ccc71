import { encodeBytes32String, Wallet } from "ethers";

import { saltedCommitment, subjectCommitment } from "../../src/commitments.js";
import { AssuranceLevel, IdentityKind, reasonCommitment, signWalletBinding } from "../../src/identity.js";
import type { Chapter } from "./narrator.js";

/** The registrars' shared pepper for subject commitments (a demo value; a real one never leaves the registry office). */
const PEPPER = "0x" + "d3".repeat(32);
const YEAR = 365n * 86_400n;
const LEVEL_NAMES: Record<number, string> = { 1: "password", 2: "one-time code", 3: "biometric + 2nd factor" };

/**
 * Residents get identities: levels, a device, a credential, a service's minimum level, a refused Sybil duplicate,
 * and a full 2-of-3 key recovery with its veto window.
 */
export const identityChapter: Chapter = async ({ connection, city, say }) => {
  const { networkHelpers } = connection;
  const { identity, claims, accounts } = city;
  const { admin, registrar, alice, bob, carol, dave, erin, mallory } = accounts;
  const registry = identity.connect(registrar);
  const short = (address: string) => `${address.slice(0, 10)}…`;

  say.title("2. Residents get identities");
  const validUntil = BigInt(await networkHelpers.time.latest()) + 5n * YEAR;
  const ids: Record<string, bigint> = {};
  const register = async (name: string, wallet: string, nationalId: string, level: number, kind: number) => {
    const subject = subjectCommitment(nationalId, PEPPER);
    const { commitment } = saltedCommitment(JSON.stringify({ name, nationalId, checkedBy: "registry office 1" }));
    await say.tx(
      `registrar: register ${name}, ${Object.keys(IdentityKind)[kind].toLowerCase()}, level ${level} (${LEVEL_NAMES[level]})`,
      registry.register(kind, level, subject, commitment, validUntil, wallet),
    );
    ids[name] = await identity.identityOf(wallet);
    say.record(`identity #${ids[name]}: ${name}, level ${level}, wallet ${short(wallet)}`);
  };

  say.line("The registrar checks each person off-chain, then records only commitments: a peppered hash of the");
  say.line("national id (one person, one identity) and a salted hash of the file. No name or number goes on-chain.");
  await register(
    "the registry office",
    registrar.address,
    "OFFICE-REG-1",
    AssuranceLevel.BIOMETRIC,
    IdentityKind.Official,
  );
  await register("alice", alice.address, "CH-756-1001", AssuranceLevel.BIOMETRIC, IdentityKind.Resident);
  await register("bob", bob.address, "CH-756-1002", AssuranceLevel.ONE_TIME_CODE, IdentityKind.Resident);
  await register("carol", carol.address, "CH-756-1003", AssuranceLevel.PASSWORD, IdentityKind.Resident);
  await register("dave, notary", dave.address, "CH-756-1004", AssuranceLevel.BIOMETRIC, IdentityKind.Official);
  await register("erin's guild", erin.address, "CHE-105-777", AssuranceLevel.ONE_TIME_CODE, IdentityKind.Business);

  await say.refused(
    "mallory asks for a second identity with alice's national id (Sybil)",
    registry.register(
      IdentityKind.Resident,
      1,
      subjectCommitment("CH 756-1001", PEPPER), // typed differently, normalised to the same subject
      saltedCommitment("forged file").commitment,
      validUntil,
      mallory.address,
    ),
    identity,
  );

  const meter = Wallet.createRandom();
  await say.tx(
    "registrar: register alice's smart meter as a device she owns",
    registry.registerDevice(
      ids.alice,
      AssuranceLevel.ONE_TIME_CODE,
      subjectCommitment("METER-SN-0042", PEPPER),
      saltedCommitment("meter 42, flat 3B").commitment,
      validUntil,
      meter.address,
    ),
  );
  const meterId = await identity.identityOf(meter.address);
  say.record(`identity #${meterId}: smart meter ${short(meter.address)} owned by #${ids.alice}`);
  say.line(
    `The meter is verified while alice's identity is: isVerified(meter, 2) = ${await identity.isVerified(meter.address, 2)}`,
  );

  say.line("The city sets the land registry's minimum level to 2 (one-time code):");
  const land = encodeBytes32String("land");
  await say.tx("admin: setServiceMinLevel(land, 2)", identity.connect(admin).setServiceMinLevel(land, 2));
  for (const [name, wallet] of [
    ["alice", alice.address],
    ["bob", bob.address],
    ["carol", carol.address],
  ] as const) {
    say.line(`   isVerifiedFor(${name}, land) = ${await identity.isVerifiedFor(wallet, land)}`);
  }

  const surveyor = encodeBytes32String("land-surveyor");
  await say.tx(
    "admin: trust the surveyors' guild to certify land surveyors",
    claims.connect(admin).setTrustedIssuer(surveyor, ids["erin's guild"], true),
  );
  await say.tx(
    "guild: certify bob as a land surveyor (claim #1, valid one year)",
    claims
      .connect(erin)
      .issueClaim(ids.bob, surveyor, saltedCommitment("licence LS-2291").commitment, validUntil - 4n * YEAR),
  );
  say.line(`hasValidClaim(bob, land-surveyor) = ${await claims.hasValidClaim(ids.bob, surveyor)}`);
  say.record(`claim #1: bob is a land surveyor, issued by the guild (#${ids["erin's guild"]})`);

  say.line("Alice binds her phone as an extra wallet, with the phone's own EIP-712 signature:");
  const phone = Wallet.createRandom();
  const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
  const signed = await signWalletBinding(phone, identity, ids.alice, { deadline });
  await say.tx(
    "alice: bindWallet(phone)",
    identity.connect(alice).bindWallet(ids.alice, phone.address, signed.binding.nonce, deadline, signed.signature),
  );
  say.line(`identityOf(phone) = #${await identity.identityOf(phone.address)}`);

  say.line("Alice appoints three guardians, any two of whom can recover her identity: the notary, the");
  say.line("registry office and bob. No one of them, the registrar included, can do it alone.");
  const office = ids["the registry office"];
  const notary = ids["dave, notary"];
  await say.tx(
    "alice: appointGuardians([notary, registrar, bob], 2)",
    identity.connect(alice).appointGuardians(ids.alice, [notary, office, ids.bob], 2),
  );
  say.line("Like every guardian change, the first appointment takes effect after the recovery delay, so a key");
  say.line("thief cannot install accomplices at once.");
  await networkHelpers.time.increase(await identity.recoveryDelay());

  say.line("The veto window protects alice from her own guardians: bob and the office open a recovery she never");
  say.line("asked for (say, a phishing call fooled them), and alice, who still holds her key, vetoes it.");
  await say.tx(
    "bob: initiateRecovery(alice, a wallet the fraudster gave), approval 1 of 2",
    identity.connect(bob).initiateRecovery(ids.alice, Wallet.createRandom().address),
  );
  await say.tx("registry office: approveRecovery(1), approval 2 of 2", identity.connect(registrar).approveRecovery(1n));
  await say.tx("alice: vetoRecovery(1)", identity.connect(alice).vetoRecovery(1n));
  await networkHelpers.time.increase(await identity.recoveryDelay());
  await say.refused(
    "executing the vetoed recovery, even after the window",
    identity.connect(bob).executeRecovery(1n),
    identity,
  );

  say.line("Alice's laptop is stolen. The thief, holding her key, tries to slip in his own guardians …");
  await say.tx(
    "thief: appointGuardians([carol, bob], 2), pending for the recovery delay",
    identity.connect(alice).appointGuardians(ids.alice, [ids.carol, ids.bob], 2),
  );
  say.line("Alice reports the theft in person; the registrar suspends the identity, so the thief can neither use");
  say.line("it at any service nor veto the recovery.");
  await say.tx(
    "registrar: suspend(alice, commitment to 'reported-stolen')",
    registry.suspend(ids.alice, reasonCommitment("reported-stolen").commitment),
  );
  say.line("The reason goes on-chain only as a salted commitment (the registrar keeps the text and salt). The");
  say.line("registrar also discards the thief's pending guardian set, keeping alice's own set in effect.");
  await say.tx("registrar: resetGuardians(alice, keepInEffect)", registry.resetGuardians(ids.alice, true));
  const fresh = Wallet.createRandom();
  await say.tx(
    "notary: initiateRecovery(alice, new wallet), approval 1 of 2",
    identity.connect(dave).initiateRecovery(ids.alice, fresh.address),
  );
  await say.refused(
    "executing it with the notary's approval alone",
    identity.connect(registrar).executeRecovery(2n),
    identity,
  );
  await say.tx(
    "registry office: approveRecovery, approval 2 of 2 (the veto window opens)",
    identity.connect(registrar).approveRecovery(2n),
  );
  await say.refused("the notary approves twice", identity.connect(dave).approveRecovery(2n), identity);
  await say.refused("the thief vetoes the recovery", identity.connect(alice).vetoRecovery(2n), identity);
  await say.refused("anyone executes before the veto window ends", identity.connect(bob).executeRecovery(2n), identity);
  const delay = await identity.recoveryDelay();
  say.line(`… ${Number(delay) / 86_400} days pass …`);
  await networkHelpers.time.increase(delay);
  await say.tx("bob: executeRecovery(2)", identity.connect(bob).executeRecovery(2n));
  await say.tx("registrar: reinstate(alice)", registry.reinstate(ids.alice));
  const [guardians] = await identity.guardiansOf(ids.alice);
  say.line(`alice's identity #${ids.alice} now answers to ${short(fresh.address)}; the old key and the phone map to`);
  say.line(
    `#${await identity.identityOf(alice.address)} and #${await identity.identityOf(phone.address)} (nobody); the thief's guardians were discarded,`,
  );
  say.line(
    `her guardians are #${guardians.join(", #")} again, and isVerifiedFor(new wallet, land) = ${await identity.isVerifiedFor(fresh.address, land)}.`,
  );
  say.record(`identity #${ids.alice} (alice) recovered to ${short(fresh.address)} by 2 of 3 guardians`);
};
