import { expect } from "chai";
import { keccak256, toUtf8Bytes } from "ethers";

import { openCommitment, saltedCommitment, subjectCommitment } from "../../src/commitments.js";
import { contentHash, decryptDocument, documentRef, DocumentScheme, encryptDocument } from "../../src/documents.js";

describe("SDK: documents and commitments", function () {
  const deed = "Deed of sale, parcel 7: Alice sells to Bob for 100,000 CITY.";

  describe("AES-256-GCM document encryption", function () {
    it("round-trips a document and hashes exactly the stored bytes", function () {
      const { blob, key } = encryptDocument(deed, { associatedData: toUtf8Bytes("parcel:7") });
      expect(Buffer.from(decryptDocument(blob, key, toUtf8Bytes("parcel:7"))).toString("utf8")).to.equal(deed);
      expect(blob[0]).to.equal(1); // format version
      expect(blob.length).to.equal(1 + 12 + 16 + Buffer.byteLength(deed));
      const ref = documentRef(blob, "ipfs://bafy-deed", DocumentScheme.AES_256_GCM);
      expect(ref.contentHash).to.equal(keccak256(blob));
      expect(Buffer.from(blob).includes(Buffer.from("Alice"))).to.equal(false);
    });

    it("uses a fresh IV every time, so equal documents give different ciphertexts", function () {
      const key = new Uint8Array(32).fill(7);
      const a = encryptDocument(deed, { key });
      const b = encryptDocument(deed, { key });
      expect(contentHash(a.blob)).to.not.equal(contentHash(b.blob));
    });

    it("refuses a wrong key, tampered bytes, moved ciphertext, truncation and unknown formats", function () {
      const { blob, key } = encryptDocument(deed, { associatedData: toUtf8Bytes("parcel:7") });
      const aad = toUtf8Bytes("parcel:7");
      expect(() => decryptDocument(blob, new Uint8Array(32), aad)).to.throw();
      const tampered = Uint8Array.from(blob);
      tampered[tampered.length - 1] ^= 1;
      expect(() => decryptDocument(tampered, key, aad)).to.throw();
      expect(() => decryptDocument(blob, key, toUtf8Bytes("parcel:8"))).to.throw();
      expect(() => decryptDocument(blob.subarray(0, 20), key, aad)).to.throw("truncated");
      const v2 = Uint8Array.from(blob);
      v2[0] = 2;
      expect(() => decryptDocument(v2, key, aad)).to.throw("unknown encrypted document format 2");
      expect(() => encryptDocument(deed, { key: new Uint8Array(16) })).to.throw("32 bytes");
    });
  });

  describe("salted commitments", function () {
    it("hide guessable values behind a random salt and open only with it", function () {
      const a = saltedCommitment("1985-04-12");
      const b = saltedCommitment("1985-04-12");
      expect(a.commitment).to.not.equal(b.commitment);
      expect(openCommitment(a.commitment, "1985-04-12", a.salt)).to.equal(true);
      expect(openCommitment(a.commitment, "1985-04-13", a.salt)).to.equal(false);
      expect(openCommitment(a.commitment, "1985-04-12", b.salt)).to.equal(false);
      expect(() => saltedCommitment("x", "0x1234")).to.throw("32 bytes");
    });

    it("map one person to one subject commitment, whatever the id's formatting", function () {
      const pepper = toUtf8Bytes("registrars-shared-pepper-2026");
      const c = subjectCommitment("ab-123 456", pepper);
      expect(subjectCommitment("AB123456", pepper)).to.equal(c);
      expect(subjectCommitment("AB123457", pepper)).to.not.equal(c);
      expect(subjectCommitment("AB123456", toUtf8Bytes("another-pepper-value!"))).to.not.equal(c);
      expect(() => subjectCommitment(" - ", pepper)).to.throw("empty");
      expect(() => subjectCommitment("AB1", toUtf8Bytes("short"))).to.throw("pepper");
    });
  });
});
