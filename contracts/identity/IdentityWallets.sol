// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";
import {NoncesUpgradeable} from "@openzeppelin/contracts-upgradeable/utils/NoncesUpgradeable.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

import {IdentityChanges} from "./IdentityChanges.sol";
import {IdentityCore} from "./IdentityCore.sol";
import {IIdentityWallets} from "./IIdentityWallets.sol";

/**
 * @title IdentityWallets
 * @notice Extra wallets bound to an identity by the wallet's own EIP-712 signature, and released by the owner,
 * by the wallet itself, or all at once by a recovery or a revocation.
 * @dev At most {MAX_BOUND_WALLETS} per identity, so releasing them all is a loop over a small constant.
 */
abstract contract IdentityWallets is IdentityCore, IIdentityWallets, EIP712Upgradeable, NoncesUpgradeable {
    /// @notice The most extra wallets one identity may bind (a phone, a hardware key, a contract wallet, a spare).
    uint256 public constant MAX_BOUND_WALLETS = 4;

    /// @notice EIP-712 type of a wallet's consent to be bound to an identity.
    bytes32 public constant WALLET_BINDING_TYPEHASH = keccak256(
        "WalletBinding(uint256 identityId,address wallet,uint256 nonce,uint256 deadline)"
    );

    /// @custom:storage-location erc7201:citychain.storage.IdentityWallets
    struct IdentityWalletsStorage {
        mapping(uint256 identityId => address[] wallets) boundWallets;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.IdentityWallets")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _IDENTITY_WALLETS_STORAGE =
        0x06c0e8a1dd139786e4752ff766bd562512d0703193b7d0f3c32a33cff0ccd700;

    /// @inheritdoc IIdentityWallets
    function bindWallet(
        uint256 identityId,
        address wallet,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external {
        _ownedByCaller(identityId);
        if (block.timestamp > deadline) revert IdentityBindingExpired(deadline, block.timestamp);
        _checkWalletFree(wallet);
        address[] storage wallets = _identityWalletsStorage().boundWallets[identityId];
        if (wallets.length >= MAX_BOUND_WALLETS) revert IdentityTooManyWallets(identityId, MAX_BOUND_WALLETS);
        uint256 expected = nonces(wallet);
        if (nonce != expected) revert IdentityBindingNonceInvalid(wallet, nonce, expected);
        bytes32 digest = bindingDigest(identityId, wallet, nonce, deadline);
        if (!SignatureChecker.isValidSignatureNowCalldata(wallet, digest, signature)) {
            revert IdentityBindingSignatureInvalid(identityId, wallet);
        }
        _useNonce(wallet);
        wallets.push(wallet);
        _setWalletIdentity(wallet, identityId);
        emit IdentityWalletBound(identityId, wallet);
        _revise(identityId, IdentityChanges.WALLET_BOUND, uint160(wallet));
    }

    /// @inheritdoc IIdentityWallets
    function unbindWallet(uint256 identityId, address wallet) external {
        // A bound wallet may always release itself (its own consent, and it only removes a right; a thief holding
        // it gains nothing). Anyone else must be the primary wallet of an Active identity: a suspended identity's
        // wallet manages nothing (I-04).
        if (msg.sender == wallet) _known(identityId);
        else _ownedByCaller(identityId);
        address[] storage wallets = _identityWalletsStorage().boundWallets[identityId];
        uint256 count = wallets.length;
        for (uint256 i = 0; i < count; ++i) {
            if (wallets[i] == wallet) {
                _unbind(identityId, wallets, i);
                return;
            }
        }
        revert IdentityWalletNotBound(identityId, wallet);
    }

    /// @inheritdoc IIdentityWallets
    function invalidateBindingNonce() external {
        uint256 burned = _useNonce(msg.sender);
        emit IdentityBindingNonceInvalidated(msg.sender, burned);
    }

    /// @inheritdoc IIdentityWallets
    function boundWallets(uint256 identityId) external view returns (address[] memory) {
        return _identityWalletsStorage().boundWallets[identityId];
    }

    /// @inheritdoc IIdentityWallets
    function bindingDigest(
        uint256 identityId,
        address wallet,
        uint256 nonce,
        uint256 deadline
    ) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(WALLET_BINDING_TYPEHASH, identityId, wallet, nonce, deadline)));
    }

    /// @dev Releases every bound wallet, last first (at most {MAX_BOUND_WALLETS} iterations).
    function _releaseBoundWallets(uint256 identityId) internal override {
        address[] storage wallets = _identityWalletsStorage().boundWallets[identityId];
        for (uint256 i = wallets.length; i > 0; --i) {
            _unbind(identityId, wallets, i - 1);
        }
    }

    /// @dev The single writer that removes a bound wallet: swap with the last, pop, release the index, emit.
    function _unbind(uint256 identityId, address[] storage wallets, uint256 index) private {
        address wallet = wallets[index];
        uint256 last = wallets.length - 1;
        if (index != last) wallets[index] = wallets[last];
        wallets.pop();
        _setWalletIdentity(wallet, 0);
        emit IdentityWalletUnbound(identityId, wallet);
        _revise(identityId, IdentityChanges.WALLET_UNBOUND, uint160(wallet));
    }

    function _identityWalletsStorage() private pure returns (IdentityWalletsStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _IDENTITY_WALLETS_STORAGE
        }
    }
}
