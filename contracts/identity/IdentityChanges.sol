// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IdentityChanges
 * @notice The `kind` values of `RevisionLog.RecordRevised` for identity records (`recordKey = bytes32(id)`),
 * with what `ref` carries for each. Values are append-only: a kind is never reused for another meaning.
 */
library IdentityChanges {
    /// @notice Registered (revision 1); ref = the predecessor identity id (0 for none).
    uint16 internal constant REGISTERED = 1;
    /// @notice Level raised or lowered; ref = the new level.
    uint16 internal constant LEVEL_CHANGED = 2;
    /// @notice Validity end date changed; ref = the new `validUntil`.
    uint16 internal constant RENEWED = 3;
    /// @notice Off-chain record commitment replaced; ref = 0 (the commitment is in `IdentityRecordUpdated`).
    uint16 internal constant RECORD_UPDATED = 4;
    /// @notice Suspended; ref = 0.
    uint16 internal constant SUSPENDED = 5;
    /// @notice Reinstated; ref = 0.
    uint16 internal constant REINSTATED = 6;
    /// @notice Revoked; ref = 0.
    uint16 internal constant REVOKED = 7;
    /// @notice A wallet was bound; ref = the wallet.
    uint16 internal constant WALLET_BOUND = 8;
    /// @notice A wallet was released; ref = the wallet.
    uint16 internal constant WALLET_UNBOUND = 9;
    /// @notice Guardians appointed; ref = the guardian set's epoch.
    uint16 internal constant GUARDIANS_APPOINTED = 10;
    /// @notice Recovered to a new primary wallet; ref = the recovery id.
    uint16 internal constant RECOVERED = 11;
    /// @notice A device's owner changed; ref = the new owner id.
    uint16 internal constant DEVICE_OWNER_CHANGED = 12;
    /// @notice A registrar reset the guardians of a suspended identity; ref = the reset floor epoch.
    uint16 internal constant GUARDIANS_RESET = 13;
}
