// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";

/**
 * @notice Test-only stand-in for the identity registry's views that the building blocks read (`identityOf`,
 * `walletOf`, `identity`, `isIdentityVerified`, `predecessorOf`, `serviceMinLevel`), with setters to put an
 * identity in any state (recovered, suspended, revoked, expired, succeeded).
 */
contract IdentityRegistryMock {
    mapping(uint256 identityId => IIdentityRegistry.Identity) private _identities;
    mapping(address wallet => uint256 identityId) private _ids;
    mapping(uint256 identityId => uint256 predecessorId) private _predecessors;
    mapping(bytes32 serviceId => uint8 level) private _levels;

    /// @notice Registers (or overwrites) an Active, level-3 identity valid for a century, bound to `wallet`.
    function set(uint256 identityId, address wallet) external {
        _identities[identityId] = IIdentityRegistry.Identity({
            wallet: wallet,
            validUntil: uint40(block.timestamp + 36_500 days),
            kind: IIdentityRegistry.IdentityKind.Resident,
            level: 3,
            status: IIdentityRegistry.IdentityStatus.Active,
            revision: 1,
            recordCommitment: bytes32(0)
        });
        _ids[wallet] = identityId;
    }

    /// @notice Moves an identity to a new primary wallet (a guardian recovery); the old wallet is released.
    function recover(uint256 identityId, address newWallet) external {
        _ids[_identities[identityId].wallet] = 0;
        _identities[identityId].wallet = newWallet;
        _ids[newWallet] = identityId;
    }

    /// @notice Sets an identity's status; revoking releases its wallet (like the real registry).
    function setStatus(uint256 identityId, IIdentityRegistry.IdentityStatus status) external {
        _identities[identityId].status = status;
        if (status == IIdentityRegistry.IdentityStatus.Revoked) _ids[_identities[identityId].wallet] = 0;
    }

    function setPredecessor(uint256 identityId, uint256 predecessorId) external {
        _predecessors[identityId] = predecessorId;
    }

    function identity(uint256 identityId) external view returns (IIdentityRegistry.Identity memory) {
        return _identities[identityId];
    }

    function identityOf(address account) external view returns (uint256) {
        return _ids[account];
    }

    function walletOf(uint256 identityId) external view returns (address) {
        return _identities[identityId].wallet;
    }

    function isIdentityVerified(uint256 identityId, uint8 minLevel) external view returns (bool) {
        IIdentityRegistry.Identity storage record = _identities[identityId];
        return
            record.status == IIdentityRegistry.IdentityStatus.Active &&
            block.timestamp <= record.validUntil &&
            record.level >= minLevel;
    }

    function predecessorOf(uint256 identityId) external view returns (uint256) {
        return _predecessors[identityId];
    }

    function serviceMinLevel(bytes32 serviceId) external view returns (uint8) {
        return _levels[serviceId];
    }
}
