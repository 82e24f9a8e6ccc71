import { ethers as ethersLib } from "ethers";

import { documentRef, DocumentScheme } from "../../src/documents.js";
import { signConsentApproval } from "../../src/eip712.js";
import { selectorOf } from "../../deploy/wiring.js";
import { UPGRADE_PERMISSIONS } from "../../src/permissions.js";
import { deployBehindProxy } from "../../src/proxy.js";
import { Roles } from "../../src/roles.js";
import type { ConsentHarness, EscrowHarness } from "../../typechain-types/index.js";
import { gasOf, type BenchSuite } from "./types.js";

/** The framework core: settlement token, service directory, consent and escrow building blocks. */
export const coreSuite: BenchSuite = async ({ connection, city }) => {
  const { ethers, networkHelpers } = connection;
  const { treasurer, admin, guardian, alice, bob, carol } = city.accounts;
  const ops: Record<string, bigint> = {};

  ops["token.mint"] = await gasOf(city.token.connect(treasurer).mint(alice.address, 10n ** 24n));
  ops["token.transfer"] = await gasOf(city.token.connect(alice).transfer(bob.address, 10n ** 18n));

  // Directory modules are proxies whose upgrades the city governs (the directory checks the wiring).
  const governedModule = async (name: string, symbol: string) => {
    const module = await deployBehindProxy(connection, "CityToken", [name, symbol, await city.manager.getAddress()]);
    const selectors = Object.keys(UPGRADE_PERMISSIONS).map(selectorOf);
    await (
      await city.manager.connect(admin).setTargetFunctionRole(await module.getAddress(), selectors, Roles.UPGRADER)
    ).wait();
    return module;
  };
  const extraModule = await governedModule("Bench", "BENCH");
  const metadata = documentRef(
    ethersLib.toUtf8Bytes("bench module"),
    "citychain:abi/Bench.json",
    DocumentScheme.PLAINTEXT,
  );
  const benchId = ethersLib.encodeBytes32String("bench");
  ops["directory.register"] = await gasOf(
    city.directory.connect(admin).register(benchId, await extraModule.getAddress(), metadata),
  );
  const nextModule = await governedModule("Bench 2", "BENCH2");
  ops["directory.replace"] = await gasOf(
    city.directory.connect(admin).replace(benchId, await nextModule.getAddress(), metadata),
  );
  ops["directory.retire"] = await gasOf(city.directory.connect(admin).retire(benchId));

  const tokenAddress = await city.token.getAddress();
  ops["authority.emergency_close"] = await gasOf(city.manager.connect(guardian).emergencyClose(tokenAddress));
  ops["authority.reopen"] = await gasOf(city.manager.connect(admin).setTargetClosed(tokenAddress, false));

  // The building blocks key parties and payees by identity id: alice 1, bob 2, carol 3 in a stand-in registry.
  const people = await ethers.deployContract("IdentityRegistryMock");
  for (const [i, who] of [alice, bob, carol].entries()) await (await people.set(BigInt(i + 1), who.address)).wait();
  const authority = await city.manager.getAddress();
  const consent = await deployBehindProxy<ConsentHarness>(connection, "ConsentHarness", [
    authority,
    await people.getAddress(),
  ]);
  const deadline = BigInt(await networkHelpers.time.latest()) + 86_400n;
  const action = ethersLib.id("bench action");
  ops["consent.request_3_parties"] = await gasOf(consent.request(action, [1n, 2n, 3n], deadline));
  ops["consent.approve"] = await gasOf(consent.connect(alice).approve(1n));
  const signed = await signConsentApproval(bob, consent, 1n, 2n, { deadline });
  ops["consent.approve_by_signature"] = await gasOf(
    consent.connect(carol).approveBySignature(1n, 2n, signed.approval.nonce, deadline, signed.signature),
  );
  await (await consent.connect(carol).approve(1n)).wait();
  ops["consent.execute"] = await gasOf(consent.execute(1n, action));

  const escrow = await deployBehindProxy<EscrowHarness>(connection, "EscrowHarness", [
    authority,
    await city.token.getAddress(),
    await people.getAddress(),
  ]);
  await (await city.token.connect(alice).approve(await escrow.getAddress(), ethersLib.MaxUint256)).wait();
  ops["escrow.lock"] = await gasOf(escrow.connect(alice).lock(1n, 1n, 10n ** 18n));
  ops["escrow.release"] = await gasOf(escrow.release(1n, 2n, 10n ** 18n));
  ops["escrow.withdraw"] = await gasOf(escrow.connect(bob).withdraw());
  return ops;
};
