// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ICarbonCommon} from "./ICarbonCommon.sol";

/**
 * @title IScope3Register
 * @notice Declared scope-3 emissions (GHG Protocol category 1, purchased goods): a business that holds a batch
 * from a registered product-footprint source (the city's supply chain) records the batch's embedded emissions
 * against itself for a reporting period of the emissions register. Informational only: these figures are the
 * producers' declarations carried along the lineage with the mass balance, never verified emissions; they
 * never enter an {IEmissionsRegister} record, an obligation or a surrender.
 *
 * | action         | by                                                   | once per                        |
 * | -------------- | ---------------------------------------------------- | ------------------------------- |
 * | registerSource | ADMIN (wiring, like `bindRegister`)                  | source contract                 |
 * | reportPurchase | the holder identity's current primary wallet         | (source, batch, holder)         |
 *
 * A batch reported by its holder stays reported when it moves on: the next holder reports it for itself (each
 * buyer's scope 3 counts the goods it bought, as the GHG Protocol prescribes). A producer never reports its own
 * batch (that is its scope 1/2, verified in the emissions register).
 */
interface IScope3Register is ICarbonCommon {
    /// @notice One declared purchase, in one slot.
    struct Entry {
        uint32 sourceId;
        uint64 batchId;
        uint96 co2eGrams;
        uint40 reportedAt;
    }

    /// @notice A business identity's declared scope-3 total for a period.
    struct Total {
        uint128 co2eGrams;
        uint64 count;
    }

    /// @notice A product-footprint source was registered.
    event Scope3SourceRegistered(uint256 indexed sourceId, address indexed source);
    /// @notice A holder declared a batch's embedded emissions as its scope 3 for a period (entry `index`).
    event Scope3PurchaseReported(
        uint256 indexed reporterId,
        uint256 indexed periodId,
        uint256 indexed sourceId,
        uint256 batchId,
        uint256 co2eGrams,
        uint256 index
    );

    /// @notice The emissions register or identity registry address is zero.
    error Scope3RegistryZero();
    /// @notice The source address has no code.
    error Scope3SourceNotContract(address source);
    /// @notice The source is already registered under `sourceId`.
    error Scope3SourceDuplicate(address source, uint256 sourceId);
    /// @notice No source has this id.
    error Scope3SourceUnknown(uint256 sourceId);
    /// @notice The period's deadline has passed: its scope-3 figures are final.
    error Scope3PeriodClosed(uint256 periodId, uint256 deadline);
    /// @notice The source has no batch `batchId`.
    error Scope3BatchUnknown(uint256 sourceId, uint256 batchId);
    /// @notice The reporter does not hold the batch (`holderId` does).
    error Scope3NotHolder(uint256 batchId, uint256 holderId, uint256 reporterId);
    /// @notice The reporter produced the batch: its own product is not a purchase.
    error Scope3OwnProduct(uint256 batchId, uint256 reporterId);
    /// @notice The batch carries no embedded emissions.
    error Scope3NoEmissions(uint256 batchId);
    /// @notice The holder already reported this batch of this source.
    error Scope3AlreadyReported(uint256 sourceId, uint256 batchId, uint256 reporterId);
    /// @notice A page is larger than {MAX_PAGE}.
    error Scope3PageTooLarge(uint256 limit, uint256 maxPage);

    /**
     * @notice Registers a product-footprint source (a contract with the supply chain's `batch(uint256)` view).
     * Restricted (ADMIN).
     * @param source The source contract.
     * @return sourceId Its id, from 1.
     */
    function registerSource(address source) external returns (uint256 sourceId);

    /**
     * @notice Declares a held batch's embedded emissions as the caller identity's scope 3 for a period. The caller is
     * the current primary wallet of `reporterId`, an Active business identity; the batch is read live from the
     * source: held by `reporterId`, not produced by it, with emissions; the period is open (deadline not passed).
     * @param reporterId The holder's identity.
     * @param sourceId A registered source.
     * @param batchId The batch in that source.
     * @param periodId A reporting period of the emissions register, not past its deadline.
     * @return index The entry's index in the reporter's list for the period.
     */
    function reportPurchase(
        uint256 reporterId,
        uint256 sourceId,
        uint256 batchId,
        uint256 periodId
    ) external returns (uint256 index);

    /// @notice A business identity's declared scope-3 total and number of entries for a period.
    function scope3Of(uint256 reporterId, uint256 periodId) external view returns (Total memory);

    /// @notice A page of at most `limit` (<= {MAX_PAGE}) entries of a reporter for a period, from `offset`.
    function entries(
        uint256 reporterId,
        uint256 periodId,
        uint256 offset,
        uint256 limit
    ) external view returns (Entry[] memory page);

    /// @notice Whether `reporterId` reported batch `batchId` of source `sourceId`.
    function isReported(uint256 sourceId, uint256 batchId, uint256 reporterId) external view returns (bool);

    /// @notice The source contract of `sourceId` (zero when unknown).
    function source(uint256 sourceId) external view returns (address);

    /// @notice Number of registered sources.
    function sourceCount() external view returns (uint256);

    /// @notice The emissions register whose periods the entries are filed under.
    function emissionsRegister() external view returns (address);

    /// @notice Largest page {entries} returns.
    // solhint-disable-next-line func-name-mixedcase
    function MAX_PAGE() external view returns (uint256);
}
