// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title ICarbonCommon
 * @notice Errors shared by the carbon ledger's contracts ({ICarbonCredits}, {IEmissionsRegister}) and its
 * libraries ({CarbonIds}, {CarbonParties}).
 */
interface ICarbonCommon {
    /// @notice An amount of zero: nothing would be issued, moved, retired, allocated or surrendered.
    error CarbonZeroAmount();
    /// @notice The wallet is not the current primary wallet of any identity (unknown, bound-only or replaced).
    error CarbonWalletNotIdentity(address wallet);
    /// @notice The caller is not the current primary wallet of the identity it acts for.
    error CarbonCallerNotHolder(uint256 identityId, address caller);
    /// @notice The identity is not Active and unexpired.
    error CarbonIdentityNotActive(uint256 identityId);
    /// @notice The identity is not an Active, unexpired business identity (the only kind that emits).
    error CarbonEmitterUnknown(uint256 emitterId);
    /// @notice No reporting period has this id.
    error CarbonPeriodUnknown(uint256 periodId);
    /// @notice The token id is neither a compliance allowance nor an issued offset-credit batch.
    error CarbonTokenUnknown(uint256 tokenId);
}
