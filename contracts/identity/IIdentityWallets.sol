// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IIdentityWallets
 * @notice Extra wallets of an identity. The identity's primary wallet binds another wallet (a phone, a hardware
 * key, a contract wallet) with that wallet's own EIP-712 `WalletBinding` signature, so nobody can claim a wallet
 * they do not control. Bound wallets are recognised by services ({IIdentityRegistry-identityOf},
 * {IIdentityRegistry-isVerified}) but cannot manage the identity: binding, guardians and vetoes need the primary
 * wallet. A guardian recovery or a revocation releases every bound wallet (a thief may hold them).
 * @dev The signature is bound to chain and contract (EIP-712 domain), to the identity id, the wallet, the
 * wallet's sequential nonce (OpenZeppelin `Nonces`) and a deadline. ERC-1271 contract wallets are supported.
 */
interface IIdentityWallets {
    /// @notice The binding signature's deadline passed.
    error IdentityBindingExpired(uint256 deadline, uint256 currentTime);
    /// @notice The nonce is not the wallet's current one (already used, or from the future).
    error IdentityBindingNonceInvalid(address wallet, uint256 nonce, uint256 expected);
    /// @notice The signature is not the wallet's over this binding (wrong signer, chain, contract or fields).
    error IdentityBindingSignatureInvalid(uint256 identityId, address wallet);
    /// @notice The identity already has the most bound wallets allowed.
    error IdentityTooManyWallets(uint256 identityId, uint256 max);
    /// @notice The wallet is not a bound (extra) wallet of this identity.
    error IdentityWalletNotBound(uint256 identityId, address wallet);

    /// @notice A wallet was bound to an identity.
    event IdentityWalletBound(uint256 indexed identityId, address indexed wallet);
    /// @notice A wallet was released from an identity (by its owner, itself, a recovery or a revocation).
    event IdentityWalletUnbound(uint256 indexed identityId, address indexed wallet);
    /// @notice A wallet burned a binding nonce, invalidating a signature it gave but that was not submitted.
    event IdentityBindingNonceInvalidated(address indexed wallet, uint256 nonce);

    /**
     * @notice Binds `wallet` to the caller's identity. The caller must be the identity's primary wallet and the
     * identity Active.
     * @param identityId The caller's identity.
     * @param wallet The wallet to bind: not bound to any identity, and the signer of `signature`.
     * @param nonce The wallet's current binding nonce ({nonces}).
     * @param deadline The last timestamp at which the signature may be submitted.
     * @param signature The wallet's EIP-712 signature over {bindingDigest} (ECDSA or ERC-1271).
     */
    function bindWallet(
        uint256 identityId,
        address wallet,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external;

    /**
     * @notice Releases a bound wallet. Callable by the identity's primary wallet or by the bound wallet itself.
     * @param identityId The identity the wallet is bound to.
     * @param wallet A bound (extra) wallet of the identity; the primary wallet cannot be unbound.
     */
    function unbindWallet(uint256 identityId, address wallet) external;

    /// @notice Burns the caller's current binding nonce, invalidating a binding signature not yet submitted.
    function invalidateBindingNonce() external;

    /**
     * @notice The bound (extra) wallets of an identity, at most {MAX_BOUND_WALLETS}.
     * @param identityId The identity id.
     */
    function boundWallets(uint256 identityId) external view returns (address[] memory);

    /**
     * @notice The EIP-712 digest `wallet` signs to be bound to `identityId`.
     * @param identityId The identity to bind to.
     * @param wallet The wallet being bound.
     * @param nonce The wallet's binding nonce.
     * @param deadline The signature's deadline.
     */
    function bindingDigest(
        uint256 identityId,
        address wallet,
        uint256 nonce,
        uint256 deadline
    ) external view returns (bytes32);
}
