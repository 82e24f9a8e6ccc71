// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title PasskeyChanges
 * @notice The `kind` values of `RevisionLog.RecordRevised` emitted by the PasskeyRegistry for an identity's passkey
 * record (`recordKey = bytes32(identityId)`, emitted by the PasskeyRegistry: its own revision counter, next to the
 * IdentityRegistry's). `ref` is the passkey id. Values are append-only.
 */
library PasskeyChanges {
    /// @notice A passkey was registered (by the identity's wallet or a registrar); ref = the passkey id.
    uint16 internal constant PASSKEY_REGISTERED = 1;
    /// @notice The identity removed a passkey; ref = the passkey id.
    uint16 internal constant PASSKEY_REMOVED = 2;
}
