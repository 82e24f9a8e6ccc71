// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IIdentityClaims} from "../identity/IIdentityClaims.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {ElectionRules} from "./ElectionRules.sol";
import {IElections} from "./IElections.sol";

/**
 * @title VoterEligibility
 * @notice Who may vote in an election, read live from the identity registry at every ballot (never cached, so
 * a suspension, an expiry or a key recovery counts at once). One registry call (`identity(id)`) returns the
 * wallet, kind, level, status and validity; the district claim is one more call, only when the election has one.
 * Reused as is by every ballot mode.
 */
library VoterEligibility {
    /**
     * @notice Reverts with the matching `Voting*` error unless `voterId` is on the roll of an election configured
     * as `c` and is a verified identity of its kind and level; returns the identity's current primary wallet,
     * which the caller compares with `msg.sender` or a signer.
     */
    function eligibleWallet(
        IIdentityRegistry registry,
        ElectionRules.Config memory c,
        uint256 voterId
    ) internal view returns (address) {
        // Ids are sequential: an id above the roll was registered after the roll closed (or does not exist).
        if (voterId > c.maxVoterId) revert IElections.VotingVoterRegisteredLate(voterId, c.maxVoterId);
        IIdentityRegistry.Identity memory record = registry.identity(voterId);
        if (record.kind != c.voterKind) revert IElections.VotingVoterKindMismatch(voterId, record.kind, c.voterKind);
        if (record.status != IIdentityRegistry.IdentityStatus.Active || block.timestamp > record.validUntil) {
            revert IElections.VotingVoterNotVerified(voterId, record.status, record.validUntil);
        }
        if (record.level < c.minLevel) revert IElections.VotingVoterLevelTooLow(voterId, record.level, c.minLevel);
        return record.wallet;
    }

    /// @notice Reverts with {IElections.VotingVoterNotInDistrict} unless the voter holds a valid `district` claim.
    function checkDistrict(IIdentityClaims claims, bytes32 district, uint256 voterId) internal view {
        if (!claims.hasValidClaim(voterId, district)) revert IElections.VotingVoterNotInDistrict(voterId, district);
    }
}
