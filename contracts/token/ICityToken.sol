// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPasskeyRegistry} from "../identity/IPasskeyRegistry.sol";

/**
 * @title ICityToken
 * @notice The city's settlement currency: premiums, payouts, fees, escrow, energy settlement and payments.
 * ERC-20 with EIP-2612 permit and ERC-3009 transfer with authorization; only the TREASURER role mints.
 *
 * ERC-3009 nonces are keyed: `nonce = key (192 bits) << 64 | sequence (64 bits)`; each key's sequences are
 * used (or cancelled) strictly in order. A random ERC-3009 nonce is therefore accepted only if its low 64 bits
 * are zero (a fresh key's first sequence); `authorizationNonce(holder, key)` gives the next one.
 *
 * | nonce of (holder, key) | transfer/receive/cancel with it             |
 * |------------------------|---------------------------------------------|
 * | sequence < next        | `ERC3009UsedAuthorization` (used/cancelled) |
 * | sequence == next       | used; next += 1                             |
 * | sequence > next        | `CityTokenAuthorizationOutOfOrder`          |
 */
interface ICityToken {
    /// @notice Minting zero tokens is a mistake, not a no-op.
    error CityTokenZeroAmount();

    /**
     * @notice An authorization's nonce is ahead of its key's next sequence (an earlier one is still unused).
     * @param authorizer The holder.
     * @param nonce The nonce presented.
     * @param nextSequence The sequence the key expects next.
     */
    error CityTokenAuthorizationOutOfOrder(address authorizer, bytes32 nonce, uint64 nextSequence);

    /**
     * @notice Mints new settlement tokens. Restricted to the TREASURER role.
     * @param to The receiver (not the zero address).
     * @param amount The amount, greater than zero.
     */
    function mint(address to, uint256 amount) external;

    /**
     * @notice ERC-3009 `transferWithAuthorization` authorized by a passkey of the identity whose current primary
     * wallet is `from`: the assertion's challenge is the same EIP-712 `TransferWithAuthorization` digest an ECDSA
     * signature would sign, and the same keyed nonce is consumed. Anyone (a relayer) may submit it. A payment of
     * at least the threshold set by `setPasskeyLevel3From` needs a user-verified assertion of a level-3
     * identity. Emits `AuthorizationUsed` and `Transfer`.
     * @param from The payer: the passkey's identity's current primary wallet.
     * @param to The payee.
     * @param value The amount.
     * @param validAfter Valid strictly after this time.
     * @param validBefore Valid strictly before this time.
     * @param nonce The keyed nonce (see the table above).
     * @param assertion The WebAuthn assertion (see {IPasskeyRegistry}).
     */
    function transferWithPasskey(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        IPasskeyRegistry.PasskeyAssertion calldata assertion
    ) external;

    /**
     * @notice ERC-3009 `transferWithAuthorization` with a `bytes` signature: an EOA's ECDSA signature or an
     * ERC-1271 contract wallet's. Anyone (a relayer) may submit it. Emits `AuthorizationUsed` and `Transfer`.
     * @param from The holder who signed.
     * @param to The receiver.
     * @param value The amount.
     * @param validAfter Valid strictly after this time (seconds).
     * @param validBefore Valid strictly before this time (seconds).
     * @param nonce The holder's next nonce on some key (`key << 64 | sequence`).
     * @param signature The holder's EIP-712 signature of `TransferWithAuthorization`.
     */
    function transferWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes calldata signature
    ) external;

    /**
     * @notice ERC-3009 `receiveWithAuthorization` with a `bytes` signature: only `to` may submit it, so a payee
     * contract cannot be front-run with its own payment. Emits `AuthorizationUsed` and `Transfer`.
     * @param from The holder who signed.
     * @param to The receiver, which must be the caller.
     * @param value The amount.
     * @param validAfter Valid strictly after this time (seconds).
     * @param validBefore Valid strictly before this time (seconds).
     * @param nonce The holder's next nonce on some key.
     * @param signature The holder's EIP-712 signature of `ReceiveWithAuthorization`.
     */
    function receiveWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes calldata signature
    ) external;

    /**
     * @notice ERC-3009 `cancelAuthorization` with a `bytes` signature: burns the holder's next nonce on a key
     * (so the authorization signed with it can never be used). Emits `AuthorizationCanceled`.
     * @param authorizer The holder who signed.
     * @param nonce The nonce to burn.
     * @param signature The holder's EIP-712 signature of `CancelAuthorization`.
     */
    function cancelAuthorization(address authorizer, bytes32 nonce, bytes calldata signature) external;

    /**
     * @notice The next unused authorization nonce of `authorizer` on `key`.
     * @param authorizer The holder.
     * @param key The 192-bit nonce key.
     * @return The nonce `key << 64 | nextSequence`, ready to sign.
     */
    function authorizationNonce(address authorizer, uint192 key) external view returns (bytes32);
}
