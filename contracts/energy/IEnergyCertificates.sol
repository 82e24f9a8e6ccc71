// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title IEnergyCertificates
 * @notice Certificates of origin for green energy, as an ERC-1155 face (token id = delivery interval start,
 * amount in Wh). Every settled Wh of green export is credited by the market to the buyers who received it
 * ({IEnergyMarket-greenCredit}); a buyer claims its credit once. Balances belong to identity ids: `balanceOf`
 * shows them under the identity's current primary wallet, so a key recovery moves them with no transfer.
 * Certificates do not move between holders (a later carbon ledger will retire them as scope-2 claims).
 */
interface IEnergyCertificates {
    /// @notice The identity has no unclaimed green credit for the interval.
    error EnergyCertificateNothingToClaim(uint64 interval, uint256 identityId);
    /// @notice Certificates cannot be transferred or approved.
    error EnergyCertificateNonTransferable(uint256 id);
    /// @notice The caller is not the primary wallet of an identity.
    error EnergyCertificateCallerNotIdentity(address caller, uint256 identityId);

    /**
     * @notice An identity claimed certificates for green energy it received in an interval.
     * @param interval The delivery interval start (the ERC-1155 id).
     * @param identityId The holder identity.
     * @param amountWh The Wh certified by this claim.
     */
    event CertificatesClaimed(uint64 indexed interval, uint256 indexed identityId, uint256 amountWh);

    /**
     * @notice Claims certificates for the caller identity's unclaimed green credit of an interval (its primary
     * wallet calls). Emits ERC-1155 `TransferSingle` from the zero address to that wallet.
     * @return amountWh The Wh certified.
     */
    function claim(uint64 interval) external returns (uint256 amountWh);

    /// @notice An identity's certificates of an interval, in Wh.
    function balanceOfIdentity(uint256 identityId, uint256 id) external view returns (uint256);

    /// @notice The Wh already claimed by an identity for an interval.
    function claimed(uint64 interval, uint256 identityId) external view returns (uint256);

    /// @notice The market whose green credits are certified.
    function energyMarket() external view returns (address);
}
