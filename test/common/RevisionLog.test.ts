import { expect } from "chai";

import { documentCommitment, DocumentScheme } from "../../src/documents.js";
import { connection } from "../shared/network.js";

const { ethers, networkHelpers } = connection;

const RECORD = ethers.zeroPadValue("0x07", 32);

async function harnessFixture() {
  const [actor] = await ethers.getSigners();
  return { harness: await ethers.deployContract("RevisionHarness"), actor };
}

describe("RevisionLog", function () {
  it("appends numbered revisions with timestamp, kind and reference, and emits each", async function () {
    const { harness, actor } = await networkHelpers.loadFixture(harnessFixture);
    await expect(harness.append(RECORD, 1, 100))
      .to.emit(harness, "RecordRevised")
      .withArgs(RECORD, 1n, 1, 100n, actor.address);
    const t1 = await networkHelpers.time.latest();
    await harness.append(RECORD, 2, 200);
    expect(await harness.count(RECORD)).to.equal(2n);
    const [first, second] = await harness.page(RECORD, 1, 10);
    expect([first.timestamp, first.kind, first.ref]).to.deep.equal([BigInt(t1), 1n, 100n]);
    expect([second.kind, second.ref]).to.deep.equal([2n, 200n]);
    expect(await harness.count(ethers.ZeroHash)).to.equal(0n);
  });

  it("pages through a long history in bounded pages, clipped at the end", async function () {
    const { harness } = await networkHelpers.loadFixture(harnessFixture);
    for (let i = 1; i <= 12; i++) await harness.append(RECORD, 1, i);
    const refs = async (from: number, limit: number) => (await harness.page(RECORD, from, limit)).map((e) => e.ref);
    expect(await refs(1, 5)).to.deep.equal([1n, 2n, 3n, 4n, 5n]);
    expect(await refs(11, 5)).to.deep.equal([11n, 12n]);
    expect(await refs(0, 2)).to.deep.equal([1n, 2n]); // revision 0 reads from the first revision
    expect(await refs(13, 5)).to.deep.equal([]);
    expect(await refs(3, 0)).to.deep.equal([]);
    await expect(harness.page(RECORD, 1, 101))
      .to.be.revertedWithCustomError(harness, "RevisionPageTooLarge")
      .withArgs(101, 100);
  });

  it("announces a revision kept by the caller's own counter", async function () {
    const { harness, actor } = await networkHelpers.loadFixture(harnessFixture);
    await expect(harness.announce(RECORD, 9, 3, 42))
      .to.emit(harness, "RecordRevised")
      .withArgs(RECORD, 9n, 3, 42n, actor.address);
  });
});

describe("Documents", function () {
  it("computes the same commitment as the SDK and anchors the document in an event", async function () {
    const { harness } = await networkHelpers.loadFixture(harnessFixture);
    const doc = { contentHash: ethers.id("ciphertext"), scheme: DocumentScheme.AES_256_GCM, uri: "ipfs://bafy-deed-7" };
    expect(await harness.commitmentOf(doc)).to.equal(documentCommitment(doc));
    await expect(harness.anchor(RECORD, doc))
      .to.emit(harness, "DocumentAnchored")
      .withArgs(RECORD, documentCommitment(doc), doc.contentHash, doc.scheme, doc.uri);
  });
});
