// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPasskeyRegistry} from "../identity/IPasskeyRegistry.sol";
import {CityService} from "./CityService.sol";
import {IPasskeyActions} from "./IPasskeyActions.sol";

/**
 * @title PasskeyActions
 * @notice The one path by which a service accepts a passkey assertion over an action's EIP-712 digest (see
 * {IPasskeyActions}); the services call {_verifyPasskey} (or {_verifyWalletPasskey}) where their ECDSA path
 * checks a signature, after consuming the same nonce.
 * @dev Its state (the verifier and the threshold, one slot) lives in its own ERC-7201 namespace
 * `citychain.storage.PasskeyActions`, so inheriting it leaves every existing layout untouched.
 */
abstract contract PasskeyActions is CityService, IPasskeyActions {
    /// @custom:storage-location erc7201:citychain.storage.PasskeyActions
    struct PasskeyActionsStorage {
        IPasskeyRegistry passkeys;
        uint96 level3From;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.PasskeyActions")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _PASSKEY_ACTIONS_STORAGE =
        0x7aff29ec5a1a7bc492f4e9efe70b9e098beb669f5f9f3e9107dca52fedaa2800;

    /// @inheritdoc IPasskeyActions
    function setPasskeyRegistry(IPasskeyRegistry passkeys) external restricted {
        _passkeyActionsStorage().passkeys = passkeys;
        emit PasskeyActionsRegistrySet(address(passkeys));
    }

    /// @inheritdoc IPasskeyActions
    function setPasskeyLevel3From(uint256 level3From) external restricted {
        if (level3From > type(uint96).max) revert PasskeyActionsLevel3Invalid(level3From);
        _passkeyActionsStorage().level3From = uint96(level3From);
        emit PasskeyActionsLevel3Set(level3From);
    }

    /// @inheritdoc IPasskeyActions
    function passkeyPolicy() external view returns (IPasskeyRegistry passkeys, uint256 level3From) {
        PasskeyActionsStorage storage $ = _passkeyActionsStorage();
        return ($.passkeys, $.level3From);
    }

    /**
     * @notice Reverts with the verifier's named error unless `assertion` is a live passkey of `identityId` over
     * `digest`, user-verified by a level-3 identity when `amount` reaches the service's threshold.
     */
    function _verifyPasskey(
        uint256 identityId,
        bytes32 digest,
        uint256 amount,
        IPasskeyRegistry.PasskeyAssertion calldata assertion
    ) internal view {
        (IPasskeyRegistry passkeys, bool level3) = _policy(amount);
        if (address(passkeys).code.length == 0) revert PasskeyActionsRegistryNotSet();
        _forward(passkeys, IPasskeyRegistry.verifyAssertion.selector, bytes32(identityId), digest, level3, assertion);
    }

    /// @notice {_verifyPasskey} for an action taken for `wallet` (the passkey's identity's primary wallet).
    function _verifyWalletPasskey(
        address wallet,
        bytes32 digest,
        uint256 amount,
        IPasskeyRegistry.PasskeyAssertion calldata assertion
    ) internal view returns (uint256 identityId) {
        (IPasskeyRegistry passkeys, bool level3) = _policy(amount);
        uint256 returned;
        (identityId, returned) = _forward(
            passkeys,
            IPasskeyRegistry.verifyWalletAssertion.selector,
            bytes32(uint256(uint160(wallet))),
            digest,
            level3,
            assertion
        );
        if (returned != 0x20) revert PasskeyActionsRegistryNotSet();
    }

    /**
     * @dev Calls the verifier's `selector(first, digest, level3, assertion)` with the assertion's calldata forwarded
     * as it came (its tail's offsets are relative to its head, so copying from the head to the end of the calldata
     * keeps them valid; trailing bytes are ignored by the verifier's decoder), instead of re-encoding it; the
     * verifier's revert is bubbled up with its named error. Returns the first returned word and the return size.
     */
    function _forward(
        IPasskeyRegistry passkeys,
        bytes4 selector,
        bytes32 first,
        bytes32 digest,
        bool level3,
        IPasskeyRegistry.PasskeyAssertion calldata assertion
    ) private view returns (uint256 word, uint256 returned) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let input := mload(0x40)
            let size := sub(calldatasize(), assertion)
            mstore(input, selector)
            mstore(add(input, 0x04), first)
            mstore(add(input, 0x24), digest)
            mstore(add(input, 0x44), level3)
            mstore(add(input, 0x64), 0x80)
            calldatacopy(add(input, 0x84), assertion, size)
            if iszero(staticcall(gas(), passkeys, input, add(size, 0x84), 0x00, 0x20)) {
                returndatacopy(input, 0x00, returndatasize())
                revert(input, returndatasize())
            }
            word := mload(0x00)
            returned := returndatasize()
        }
    }

    function _policy(uint256 amount) private view returns (IPasskeyRegistry passkeys, bool level3) {
        PasskeyActionsStorage storage $ = _passkeyActionsStorage();
        passkeys = $.passkeys;
        if (address(passkeys) == address(0)) revert PasskeyActionsRegistryNotSet();
        uint256 from = $.level3From;
        level3 = from != 0 && amount >= from;
    }

    function _passkeyActionsStorage() private pure returns (PasskeyActionsStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _PASSKEY_ACTIONS_STORAGE
        }
    }
}
