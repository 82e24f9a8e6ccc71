/**
 * The self-tallying secret ballot's SDK (Open Vote Network on bn254, `contracts/voting/SelfTallyBallot.sol`):
 * voting keys, the Schnorr proof of knowledge, the encrypted vote with its 1-out-of-k CDS proof, recovery shares
 * with their DLEQ proofs, the verification of each proof (the same equations as `SelfTallyProofs.sol`), and the
 * tally search. Everything is affine `[x, y]` bigint pairs as the contract takes them; `[0n, 0n]` is infinity.
 */
import { bn254 } from "@noble/curves/bn254.js";
import { AbiCoder, id, keccak256 } from "ethers";

const Point = bn254.G1.Point;
type P = InstanceType<typeof Point>;
/** The group order: scalars live modulo N. */
export const N: bigint = Point.Fn.ORDER;
/** An affine point as the contract stores it. */
export type Pair = [bigint, bigint];

/** Options of a self-tallying election: 2 (yes/no) to 8. */
export const MAX_OPTIONS = 8;
export const KEY_TAG = id("citychain.selftally.key");
export const VOTE_TAG = id("citychain.selftally.vote");
export const SHARE_TAG = id("citychain.selftally.share");

/** Mirrors `ISelfTallyBallot.Phase`. */
export const SelfTallyPhase = {
  None: 0n,
  Registration: 1n,
  Commit: 2n,
  Voting: 3n,
  Recovery: 4n,
  Tallied: 5n,
  Cancelled: 6n,
} as const;

/** Where a proof is bound: chain, contract, election and voter. */
export interface ProofDomain {
  chainId: bigint;
  contract: string;
  electionId: bigint;
}

const coder = AbiCoder.defaultAbiCoder();
// The generator with an 8-bit window table: every multiple of G (keys, nonces, option values) is 4x faster, and
// still constant time.
const G = Point.BASE.precompute(8, false);
const mod = (a: bigint) => ((a % N) + N) % N;
/** `k*p` in constant time: for secret scalars (keys, proof nonces). */
const mul = (p: P, k: bigint): P => (mod(k) === 0n || p.is0() ? Point.ZERO : p.multiply(mod(k)));
/** `k*p` for public scalars (a proof's challenges and responses, option values): not constant time, 1.7x faster. */
const mulPublic = (p: P, k: bigint): P => (mod(k) === 0n || p.is0() ? Point.ZERO : p.multiplyUnsafe(mod(k)));
const pair = (p: P): Pair => {
  const { x, y } = p.toAffine();
  return [x, y];
};
const point = ([x, y]: Pair): P => (x === 0n && y === 0n ? Point.ZERO : Point.fromAffine({ x, y }));
const hashToScalar = (types: string[], values: unknown[]) => BigInt(keccak256(coder.encode(types, values))) % N;

/** A uniformly random non-zero scalar (fresh voting keys). */
export function randomScalar(): bigint {
  const bytes = crypto.getRandomValues(new Uint8Array(48));
  return (BigInt("0x" + Buffer.from(bytes).toString("hex")) % (N - 1n)) + 1n;
}

/**
 * A proof's secret nonce, derived deterministically from the voter's secret and everything the proof is about
 * (EdDSA / RFC 6979 style): `keccak256(abi.encode("citychain.selftally.nonce", secret, label, message))`, 512 bits
 * reduced to `[1, N)`. The same proof of the same statement is always the same (reproducible figures), two
 * different statements never share a nonce, and a weak random generator cannot leak the secret.
 */
export function proofNonce(secret: bigint, label: string, message: string): bigint {
  const seed = coder.encode(
    ["string", "uint256", "string", "bytes32"],
    ["citychain.selftally.nonce", secret, label, message],
  );
  const wide = BigInt(keccak256(seed) + keccak256(seed + "01").slice(2));
  return (wide % (N - 1n)) + 1n;
}

/** The context every challenge hashes: `keccak256(abi.encode(tag, chainid, contract, electionId, voterId, other))`. */
export function proofContext(tag: string, domain: ProofDomain, voterId: bigint, other = 0n): string {
  return keccak256(
    coder.encode(
      ["bytes32", "uint256", "address", "uint256", "uint256", "uint256"],
      [tag, domain.chainId, domain.contract, domain.electionId, voterId, other],
    ),
  );
}

/** A voter's secret `x` and its public key `X = x*G`. */
export interface VotingKey {
  secret: bigint;
  key: Pair;
}

export function generateKey(secret: bigint = randomScalar()): VotingKey {
  return { secret, key: pair(mul(G, secret)) };
}

/** Schnorr proof of knowledge of `x`: `c = H(ctx, X, A)`, `s = w + c*x`, with `A = w*G = s*G - c*X`. */
export function proveKey(domain: ProofDomain, voterId: bigint, k: VotingKey): { c: bigint; s: bigint } {
  const ctx = proofContext(KEY_TAG, domain, voterId);
  const w = proofNonce(k.secret, "key", ctx);
  const a = pair(mul(G, w));
  const c = hashToScalar(["bytes32", "uint256[2]", "uint256", "uint256"], [ctx, k.key, ...a]);
  return { c, s: mod(w + c * k.secret) };
}

export function verifyKey(domain: ProofDomain, voterId: bigint, key: Pair, proof: { c: bigint; s: bigint }): boolean {
  const a = pair(mul(G, proof.s).add(mulPublic(point(key), proof.c).negate()));
  const c = hashToScalar(
    ["bytes32", "uint256[2]", "uint256", "uint256"],
    [proofContext(KEY_TAG, domain, voterId), key, ...a],
  );
  return c === proof.c;
}

/** `Y_i = sum_{j<i} X_j - sum_{j>i} X_j` for the voter at 1-based `index` among `keys` (registration order). */
export function reconstructedKey(keys: Pair[], index: number): Pair {
  let y = Point.ZERO;
  keys.forEach((k, j) => {
    if (j + 1 < index) y = y.add(point(k));
    else if (j + 1 > index) y = y.subtract(point(k));
  });
  return pair(y);
}

/** Option values: 0 for option 0, `base^(c-1)` for option c >= 1, with `base = registered + 1`. */
export function optionValues(optionCount: number, registered: number | bigint): bigint[] {
  const base = BigInt(registered) + 1n;
  return Array.from({ length: optionCount }, (_, c) => (c === 0 ? 0n : base ** BigInt(c - 1)));
}

/** An encrypted vote and its 1-out-of-k proof (challenges `d`, responses `r`). */
export interface EncryptedVote {
  vote: Pair;
  d: bigint[];
  r: bigint[];
}

/** The proof as {vote} takes it: the challenges, then the responses. */
export function voteProof(ev: Pick<EncryptedVote, "d" | "r">): bigint[] {
  return [...ev.d, ...ev.r];
}

const voteChallenge = (ctx: string, points: Pair[], coords: bigint[]) =>
  hashToScalar(["bytes32", "uint256[2][3]", "uint256[]"], [ctx, points, coords]);

/**
 * `V = x*Y + v_choice*G` with a Cramer-Damgard-Schoenmakers 1-out-of-k proof. `valueOverride` (tests only) encrypts
 * another value while proving as for `choice`, to show such a vote is refused.
 */
export function encryptVote(
  domain: ProofDomain,
  voterId: bigint,
  k: VotingKey,
  y: Pair,
  choice: number,
  optionCount: number,
  registered: number | bigint,
  valueOverride?: bigint,
): EncryptedVote {
  if (!Number.isInteger(choice) || choice < 0 || choice >= optionCount) {
    throw new Error(`choice ${choice} is not one of ${optionCount} options`);
  }
  const values = optionValues(optionCount, registered);
  const X = point(k.key);
  const Y = point(y);
  const V = mul(Y, k.secret).add(mul(G, valueOverride ?? values[choice]));
  const vote = pair(V);
  const d: bigint[] = [];
  const r: bigint[] = [];
  const coords: bigint[] = [];
  const ctx = proofContext(VOTE_TAG, domain, voterId);
  const statement = keccak256(
    coder.encode(["bytes32", "uint256[2]", "uint256[2]", "uint256[]"], [ctx, y, vote, [choice, ...values]]),
  );
  const w = proofNonce(k.secret, "vote", statement);
  values.forEach((v, c) => {
    if (c === choice) {
      d.push(0n);
      r.push(0n);
      coords.push(...pair(mul(G, w)), ...pair(mul(Y, w)));
      return;
    }
    const [dc, rc] = [proofNonce(k.secret, `d${c}`, statement), proofNonce(k.secret, `r${c}`, statement)];
    d.push(dc);
    r.push(rc);
    coords.push(
      ...pair(mul(G, rc).add(mulPublic(X, dc))),
      ...pair(mulPublic(Y, rc).add(mulPublic(V.subtract(mul(G, v)), dc))),
    );
  });
  const ch = voteChallenge(ctx, [k.key, y, vote], coords);
  d[choice] = mod(ch - d.reduce((a, b) => a + b, 0n));
  r[choice] = mod(w - d[choice] * k.secret);
  return { vote, d, r };
}

/** The on-chain check of a vote's proof, off-chain. */
export function verifyVote(
  domain: ProofDomain,
  voterId: bigint,
  key: Pair,
  y: Pair,
  registered: number | bigint,
  ev: EncryptedVote,
): boolean {
  const values = optionValues(ev.d.length, registered);
  const [X, Y, V] = [point(key), point(y), point(ev.vote)];
  const coords = values.flatMap((v, c) => [
    ...pair(mul(G, ev.r[c]).add(mulPublic(X, ev.d[c]))),
    ...pair(mulPublic(Y, ev.r[c]).add(mulPublic(V.subtract(mul(G, v)), ev.d[c]))),
  ]);
  const sum = mod(ev.d.reduce((a, b) => a + b, 0n));
  return voteChallenge(proofContext(VOTE_TAG, domain, voterId), [key, y, ev.vote], coords) === sum;
}

/** A recovery share `x_i * X_j` and its DLEQ proof, as {postRecoveryShare} takes them. */
export interface RecoveryShare {
  share: Pair;
  c: bigint;
  r: bigint;
}

const shareChallenge = (ctx: string, points: Pair[], ab: bigint[]) =>
  hashToScalar(["bytes32", "uint256[2][3]", "uint256[4]"], [ctx, points, ab]);

export function recoveryShare(
  domain: ProofDomain,
  voterId: bigint,
  k: VotingKey,
  absenteeId: bigint,
  absenteeKey: Pair,
): RecoveryShare {
  const Xj = point(absenteeKey);
  const share = pair(mul(Xj, k.secret));
  const ctx = proofContext(SHARE_TAG, domain, voterId, absenteeId);
  const w = proofNonce(k.secret, "share", keccak256(coder.encode(["bytes32", "uint256[2]"], [ctx, absenteeKey])));
  const ab = [...pair(mul(G, w)), ...pair(mul(Xj, w))];
  const c = shareChallenge(ctx, [k.key, absenteeKey, share], ab);
  return { share, c, r: mod(w - c * k.secret) };
}

export function verifyShare(
  domain: ProofDomain,
  voterId: bigint,
  voterKey: Pair,
  absenteeId: bigint,
  absenteeKey: Pair,
  s: RecoveryShare,
): boolean {
  const ab = [
    ...pair(mul(G, s.r).add(mulPublic(point(voterKey), s.c))),
    ...pair(mulPublic(point(absenteeKey), s.r).add(mulPublic(point(s.share), s.c))),
  ];
  return (
    shareChallenge(proofContext(SHARE_TAG, domain, voterId, absenteeId), [voterKey, absenteeKey, s.share], ab) === s.c
  );
}

/**
 * Finds `t` with `t*G == product` among the results `voted` ballots can give (counts of options 1..k-1 summing to
 * at most `voted`, digits of base `registered + 1`); returns `t` and the counts per option, or undefined.
 */
export function searchTally(
  product: Pair,
  voted: number,
  registered: number,
  optionCount: number,
): { t: bigint; counts: bigint[] } | undefined {
  const target = point(product);
  const values = optionValues(optionCount, registered);
  const steps = values.map((v) => mul(G, v));
  const counts = new Array<number>(optionCount).fill(0);
  const walk = (c: number, acc: P, left: number): boolean => {
    if (c === optionCount) return acc.equals(target);
    let here = acc;
    for (let n = 0; n <= left; n++) {
      counts[c] = n;
      if (walk(c + 1, here, left - n)) return true;
      here = here.add(steps[c]);
    }
    return false;
  };
  if (!walk(1, Point.ZERO, voted)) return undefined;
  const t = counts.reduce((acc, n, c) => acc + BigInt(n) * values[c], 0n);
  const tail = counts.slice(1).reduce((a, b) => a + b, 0);
  return { t, counts: [BigInt(voted - tail), ...counts.slice(1).map(BigInt)] };
}
