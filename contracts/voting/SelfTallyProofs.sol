// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Bn254} from "./Bn254.sol";

/**
 * @title SelfTallyProofs
 * @notice The zero-knowledge proofs of the self-tallying ballot, verified with the bn254 precompiles (Fiat-Shamir
 * challenges are `keccak256(abi.encode(tag, chainid, contract, electionId, ...)) mod N`, mirrored by
 * `src/selftally.ts`):
 * - key: Schnorr proof of knowledge of `x` in `X = x*G` (2 `ecMul`);
 * - vote: Cramer-Damgard-Schoenmakers 1-out-of-k proof that `V - v_c*G = x*Y` for one option value `v_c`
 *   (4 `ecMul` per option, plus one per option value above 1);
 * - recovery share: Chaum-Pedersen DLEQ proof that `log_G X_i = log_{X_j} H` (4 `ecMul`).
 */
library SelfTallyProofs {
    bytes32 internal constant KEY_TAG = keccak256("citychain.selftally.key");
    bytes32 internal constant VOTE_TAG = keccak256("citychain.selftally.vote");
    bytes32 internal constant SHARE_TAG = keccak256("citychain.selftally.share");

    /// @notice The Fiat-Shamir context of a proof:
    /// `keccak256(abi.encode(tag, chainid, this, electionId, voterId, other))`.
    function context(bytes32 tag, uint256 electionId, uint256 voterId, uint256 other) internal view returns (bytes32) {
        return keccak256(abi.encode(tag, block.chainid, address(this), electionId, voterId, other));
    }

    /// @notice Whether `(c, s)` proves knowledge of `log_G key`: `c == H(ctx, key, s*G - c*key) mod N`.
    function keyProofValid(bytes32 ctx, uint256[2] memory key, uint256 c, uint256 s) internal view returns (bool) {
        (uint256 nx, uint256 ny) = Bn254.neg(key[0], key[1]);
        (uint256 ax, uint256 ay) = Bn254.mulAdd(Bn254.GX, Bn254.GY, s, nx, ny, c);
        return uint256(keccak256(abi.encode(ctx, key, ax, ay))) % Bn254.N == c;
    }

    /**
     * @notice Whether `proof = (d_0..d_{k-1}, r_0..r_{k-1})` proves `vote = x*Y + v*G` for the `x` of `key` and
     * one `v` of the option values (`0`, then `base^(c-1)` for option `c >= 1`):
     * `sum d == H(ctx, points, a_0, b_0, ..., a_{k-1}, b_{k-1}) mod N`
     * with `a_c = r_c*G + d_c*X` and `b_c = r_c*Y + d_c*(V - v_c*G)`.
     * @param points `[key, y, vote]`.
     */
    function voteProofValid(
        bytes32 ctx,
        uint256[2][3] memory points,
        uint256 base,
        uint256[] calldata proof
    ) internal view returns (bool) {
        uint256 k = proof.length / 2;
        uint256[] memory coords = new uint256[](4 * k);
        uint256 sum;
        uint256 value;
        for (uint256 c = 0; c < k; ++c) {
            value = _branch(coords, c, points, value, base, proof[c], proof[k + c]);
            sum = addmod(sum, proof[c], Bn254.N);
        }
        return uint256(keccak256(abi.encode(ctx, points, coords))) % Bn254.N == sum;
    }

    /**
     * @notice Whether `(c, r)` proves `share = x_i * absenteeKey` for the `x_i` of `voterKey`:
     * `c == H(ctx, points, r*G + c*X_i, r*X_j + c*share) mod N`.
     * @param points `[voterKey, absenteeKey, share]`.
     */
    function shareProofValid(
        bytes32 ctx,
        uint256[2][3] memory points,
        uint256 c,
        uint256 r
    ) internal view returns (bool) {
        uint256[4] memory ab;
        (ab[0], ab[1]) = Bn254.mulAdd(Bn254.GX, Bn254.GY, r, points[0][0], points[0][1], c);
        (ab[2], ab[3]) = Bn254.mulAdd(points[1][0], points[1][1], r, points[2][0], points[2][1], c);
        return uint256(keccak256(abi.encode(ctx, points, ab))) % Bn254.N == c;
    }

    /// @dev Option `c`'s commitments `a_c, b_c` into `coords[4c..4c+3]`; returns option c's value.
    function _branch(
        uint256[] memory coords,
        uint256 c,
        uint256[2][3] memory points,
        uint256 value,
        uint256 base,
        uint256 d,
        uint256 r
    ) private view returns (uint256) {
        // w = vote - value*G: the point that is x*Y when the vote is option c.
        uint256[2] memory w = [points[2][0], points[2][1]];
        if (c == 1) {
            (w[0], w[1]) = Bn254.add(w[0], w[1], Bn254.GX, Bn254.P - Bn254.GY);
            value = 1;
        } else if (c > 1) {
            value *= base;
            (uint256 vx, uint256 vy) = Bn254.mul(Bn254.GX, Bn254.GY, value);
            (w[0], w[1]) = Bn254.sub(w[0], w[1], vx, vy);
        }
        (coords[4 * c], coords[4 * c + 1]) = Bn254.mulAdd(Bn254.GX, Bn254.GY, r, points[0][0], points[0][1], d);
        (coords[4 * c + 2], coords[4 * c + 3]) = Bn254.mulAdd(points[1][0], points[1][1], r, w[0], w[1], d);
        return value;
    }
}
