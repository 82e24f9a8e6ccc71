import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { expect } from "chai";
import { getBytes, hexlify } from "ethers";
import { chromium, type Browser, type CDPSession, type Page } from "playwright-core";

import { assertionFromBrowser, passkeyAssertion, publicKeyFrom, type BrowserAssertion } from "../../src/passkeys.js";
import { deployPasskeyCity, openConsent, type PasskeyCity } from "./passkeyHelpers.js";
import { connection } from "../shared/network.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** The resident's page: registers a passkey and signs challenges with navigator.credentials (hex in, hex out). */
const PAGE = `<!doctype html><html><head><title>citychain passkeys</title><script>
const hex = (b) => "0x" + [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, "0")).join("");
const bytes = (h) => new Uint8Array(h.slice(2).match(/../g).map((x) => parseInt(x, 16)));
window.createPasskey = async () => {
  const credential = await navigator.credentials.create({ publicKey: {
    rp: { id: "localhost", name: "citychain" },
    user: { id: crypto.getRandomValues(new Uint8Array(16)), name: "alice", displayName: "Alice" },
    challenge: crypto.getRandomValues(new Uint8Array(32)),
    pubKeyCredParams: [{ type: "public-key", alg: -7 }],
    authenticatorSelection: { residentKey: "preferred", userVerification: "required" },
  } });
  return { rawId: hex(credential.rawId), publicKey: hex(credential.response.getPublicKey()) };
};
window.sign = async (rawId, challenge, userVerification) => {
  const credential = await navigator.credentials.get({ publicKey: {
    rpId: "localhost", challenge: bytes(challenge), userVerification,
    allowCredentials: [{ type: "public-key", id: bytes(rawId) }],
  } });
  const r = credential.response;
  return { authenticatorData: hex(r.authenticatorData), clientDataJSON: hex(r.clientDataJSON), signature: hex(r.signature) };
};
</script></head><body>citychain</body></html>`;

describe("Passkeys: a real browser's passkey (headless Chromium, virtual authenticator)", function () {
  let server: Server;
  let browser: Browser;
  let page: Page;
  let cdp: CDPSession;
  let authenticatorId: string;

  before(async function () {
    server = createServer((_, response) => response.writeHead(200, { "content-type": "text/html" }).end(PAGE));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
    page = await browser.newPage();
    cdp = await page.context().newCDPSession(page);
    await cdp.send("WebAuthn.enable");
    ({ authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: {
        protocol: "ctap2",
        transport: "internal",
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    }));
    await page.goto(`http://localhost:${(server.address() as AddressInfo).port}/`);
  });

  after(async function () {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it("registers a browser passkey, signs a level-3 consent with it, and refuses a replay and a UV-cleared assertion", async function () {
    const city: PasskeyCity = await deployPasskeyCity(connection);
    const { alice, mallory } = city.accounts;
    const { rawId, publicKey } = await page.evaluate(() =>
      (globalThis as unknown as { createPasskey(): Promise<{ rawId: string; publicKey: string }> }).createPasskey(),
    );
    const { qx, qy } = publicKeyFrom(publicKey);
    await (await city.passkeys.connect(alice).registerPasskey(city.ids.alice, qx, qy, rawId)).wait();
    const passkeyId = await city.passkeys.passkeyCount();

    const consentId = await openConsent(city, [city.ids.alice, city.ids.bob], "browser sale");
    await (await city.service.requireVerifiedPasskey(consentId)).wait();
    const nonce = await city.service.consentNonce(city.ids.alice, consentId);
    const digest = await city.service.approvalDigest(consentId, city.ids.alice, nonce, city.deadline);
    const sign = (userVerification: string) =>
      page.evaluate(
        ([id, challenge, uv]) =>
          (globalThis as unknown as { sign(a: string, b: string, c: string): Promise<BrowserAssertion> }).sign(
            id,
            challenge,
            uv,
          ),
        [rawId, digest, userVerification],
      );

    // The authenticator refuses to verify the user now: the browser still returns an assertion, with UV cleared.
    await cdp.send("WebAuthn.setUserVerified", { authenticatorId, isUserVerified: false });
    const unverified = assertionFromBrowser(passkeyId, await sign("discouraged"), { qx, qy });
    expect(getBytes(unverified.authenticatorData)[32] & 0x04).to.equal(0);
    await expect(
      city.service.connect(mallory).approveByPasskey(consentId, city.ids.alice, nonce, city.deadline, unverified),
    ).to.be.revertedWithCustomError(city.passkeys, "PasskeyUserNotVerified");

    await cdp.send("WebAuthn.setUserVerified", { authenticatorId, isUserVerified: true });
    // The front end need not keep the key: the SDK reads it from the registry.
    const verified = await passkeyAssertion(city.passkeys, passkeyId, await sign("required"));
    await expect(
      city.service.connect(mallory).approveByPasskey(consentId, city.ids.alice, nonce, city.deadline, verified),
    )
      .to.emit(city.service, "ConsentApproved")
      .withArgs(consentId, city.ids.alice, true);
    expect(await city.service.hasApproved(consentId, city.ids.alice)).to.equal(true);

    await expect(
      city.service.connect(mallory).approveByPasskey(consentId, city.ids.alice, nonce, city.deadline, verified),
    ).to.be.revertedWithCustomError(city.service, "ConsentNonceInvalid");
    expect(hexlify(rawId)).to.equal(rawId);
  });
});
