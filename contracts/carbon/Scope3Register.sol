// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {CityService} from "../common/CityService.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {ISupplyChain} from "../supply/ISupplyChain.sol";
import {CarbonParties} from "./CarbonParties.sol";
import {IEmissionsRegister} from "./IEmissionsRegister.sol";
import {IScope3Register} from "./IScope3Register.sol";

/**
 * @title Scope3Register
 * @notice Declared scope-3 emissions of purchased goods, read live from registered product-footprint sources. See
 * {IScope3Register}.
 * @dev Every list is per reporter identity and only that identity's wallet appends to it, so no stranger can fill
 * anybody's list; a report is O(1) (one entry slot, one total slot, one flag).
 */
contract Scope3Register is CityService, IScope3Register {
    using CarbonParties for IIdentityRegistry;

    /// @inheritdoc IScope3Register
    uint256 public constant MAX_PAGE = 100;

    /// @custom:storage-location erc7201:citychain.storage.Scope3Register
    struct Scope3RegisterStorage {
        IIdentityRegistry identity;
        IEmissionsRegister register;
        uint256 sourceCount;
        mapping(uint256 sourceId => address) sources;
        mapping(address source => uint256) sourceIds;
        mapping(uint256 reporterId => mapping(uint256 periodId => Total)) totals;
        mapping(uint256 reporterId => mapping(uint256 periodId => mapping(uint256 index => Entry))) entries;
        mapping(uint256 sourceId => mapping(uint256 batchId => mapping(uint256 reporterId => bool))) reported;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.Scope3Register")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _STORAGE = 0xd53699a448b7f44bdf9c42ce66df1b78c1bdd025f1a8984cde205cf685a17300;

    /**
     * @param authority The city's AccessManager.
     * @param identityRegistry The city's identity registry.
     * @param register The emissions register whose reporting periods entries are filed under.
     */
    function initialize(
        address authority,
        IIdentityRegistry identityRegistry,
        IEmissionsRegister register
    ) external initializer {
        if (address(identityRegistry) == address(0) || address(register) == address(0)) revert Scope3RegistryZero();
        __CityService_init(authority);
        Scope3RegisterStorage storage $ = _storage();
        $.identity = identityRegistry;
        $.register = register;
    }

    /// @inheritdoc IScope3Register
    function registerSource(address source_) external restricted returns (uint256 sourceId) {
        Scope3RegisterStorage storage $ = _storage();
        if (source_.code.length == 0) revert Scope3SourceNotContract(source_);
        if ($.sourceIds[source_] != 0) revert Scope3SourceDuplicate(source_, $.sourceIds[source_]);
        sourceId = ++$.sourceCount;
        $.sources[sourceId] = source_;
        $.sourceIds[source_] = sourceId;
        emit Scope3SourceRegistered(sourceId, source_);
    }

    /// @inheritdoc IScope3Register
    function reportPurchase(
        uint256 reporterId,
        uint256 sourceId,
        uint256 batchId,
        uint256 periodId
    ) external returns (uint256 index) {
        Scope3RegisterStorage storage $ = _storage();
        if ($.identity.emitterWallet(reporterId) != msg.sender) revert CarbonCallerNotHolder(reporterId, msg.sender);
        address source_ = $.sources[sourceId];
        if (source_ == address(0)) revert Scope3SourceUnknown(sourceId);
        uint256 deadline = $.register.period(periodId).deadline;
        if (deadline == 0) revert CarbonPeriodUnknown(periodId);
        if (deadline < block.timestamp) revert Scope3PeriodClosed(periodId, deadline);
        ISupplyChain.Batch memory b = ISupplyChain(source_).batch(batchId);
        if (b.holder == 0) revert Scope3BatchUnknown(sourceId, batchId);
        if (b.holder != reporterId) revert Scope3NotHolder(batchId, b.holder, reporterId);
        if (b.producer == reporterId) revert Scope3OwnProduct(batchId, reporterId);
        if (b.co2eGrams == 0) revert Scope3NoEmissions(batchId);
        mapping(uint256 => bool) storage done = $.reported[sourceId][batchId];
        if (done[reporterId]) revert Scope3AlreadyReported(sourceId, batchId, reporterId);
        done[reporterId] = true;
        Total storage total = $.totals[reporterId][periodId];
        index = total.count;
        (total.co2eGrams, total.count) = (total.co2eGrams + b.co2eGrams, uint64(index + 1));
        $.entries[reporterId][periodId][index] = Entry({
            sourceId: SafeCast.toUint32(sourceId),
            batchId: SafeCast.toUint64(batchId),
            co2eGrams: b.co2eGrams,
            reportedAt: uint40(block.timestamp)
        });
        emit Scope3PurchaseReported(reporterId, periodId, sourceId, batchId, b.co2eGrams, index);
    }

    /// @inheritdoc IScope3Register
    function scope3Of(uint256 reporterId, uint256 periodId) external view returns (Total memory) {
        return _storage().totals[reporterId][periodId];
    }

    /// @inheritdoc IScope3Register
    function entries(
        uint256 reporterId,
        uint256 periodId,
        uint256 offset,
        uint256 limit
    ) external view returns (Entry[] memory page) {
        if (limit > MAX_PAGE) revert Scope3PageTooLarge(limit, MAX_PAGE);
        Scope3RegisterStorage storage $ = _storage();
        uint256 count = $.totals[reporterId][periodId].count;
        uint256 end =
            offset >= count
                ? offset
                : offset + limit > count
                    ? count
                    : offset + limit;
        page = new Entry[](end - offset);
        mapping(uint256 => Entry) storage list = $.entries[reporterId][periodId];
        for (uint256 i = offset; i < end; ++i) page[i - offset] = list[i];
    }

    /// @inheritdoc IScope3Register
    function isReported(uint256 sourceId, uint256 batchId, uint256 reporterId) external view returns (bool) {
        return _storage().reported[sourceId][batchId][reporterId];
    }

    /// @inheritdoc IScope3Register
    function source(uint256 sourceId) external view returns (address) {
        return _storage().sources[sourceId];
    }

    /// @inheritdoc IScope3Register
    function sourceCount() external view returns (uint256) {
        return _storage().sourceCount;
    }

    /// @inheritdoc IScope3Register
    function emissionsRegister() external view returns (address) {
        return address(_storage().register);
    }

    function _storage() private pure returns (Scope3RegisterStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _STORAGE
        }
    }
}
