// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// solhint-disable-next-line max-line-length
import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {CityService} from "../common/CityService.sol";
import {PasskeyActions} from "../common/PasskeyActions.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {IPasskeyRegistry} from "../identity/IPasskeyRegistry.sol";
import {ISupplyChain} from "./ISupplyChain.sol";
import {SupplyLineage} from "./SupplyLineage.sol";
import {SupplyChainState} from "./SupplyChainState.sol";
import {SupplyParties} from "./SupplyParties.sol";

/**
 * @title SupplyChain
 * @notice Batches, custody by acceptance, transformations under a mass balance, recalls through the lineage and
 * embedded carbon. See {ISupplyChain} (state machine, recall walk, EPCIS mapping).
 * @dev Every right is held by an identity id and exercised by its current primary wallet (a key recovery moves
 * every batch at once). Lineage is bounded per batch: at most {MAX_INPUTS} parents, {MAX_OUTPUTS} children (a
 * batch is consumed by one transformation) and {MAX_LINEAGE_PATHS} paths to its ancestors, so the recall walk
 * and every page are bounded whatever the number of batches.
 */
contract SupplyChain is CityService, PasskeyActions, EIP712Upgradeable, SupplyChainState {
    using SupplyParties for IIdentityRegistry;

    /// @inheritdoc ISupplyChain
    uint256 public constant MAX_INPUTS = 4;
    /// @inheritdoc ISupplyChain
    uint256 public constant MAX_OUTPUTS = 8;
    /// @inheritdoc ISupplyChain
    uint256 public constant MAX_LINEAGE_PATHS = 64;
    /// @inheritdoc ISupplyChain
    uint32 public constant MAX_FACTOR_BPS = 50_000;

    uint32 private constant _BPS = SupplyLineage.BPS;
    uint8 private constant _SPLIT = 1;
    uint8 private constant _MERGE = 2;
    uint8 private constant _TRANSFORM = 3;

    /**
     * @param authority The city's AccessManager.
     * @param identityRegistry The city's identity registry.
     */
    function initialize(address authority, IIdentityRegistry identityRegistry) external initializer {
        __CityService_init(authority);
        __EIP712_init("SupplyChain", "1");
        _s().identity = identityRegistry;
    }

    /// @inheritdoc ISupplyChain
    function createBatch(BatchInput calldata input, bytes32 where) external returns (uint256 batchId) {
        SupplyChainStorage storage $ = _s();
        uint256 producerId = $.identity.producerOf(msg.sender);
        if (input.productType == bytes32(0)) revert SupplyProductTypeEmpty();
        if (input.quantity == 0) revert SupplyQuantityZero();
        if (input.unit == 0) revert SupplyUnitInvalid(input.unit);
        bytes32 record = keccak256(
            abi.encode(input.productType, input.origin, input.dataCommitment, input.gtinCommitment, input.lotCommitment)
        );
        batchId = ++$.batchCount;
        Batch storage b = $.batches[batchId];
        b.holder = uint64(producerId);
        b.producer = uint64(producerId);
        b.createdEpoch = $.recallEpoch;
        b.status = BatchStatus.Active;
        b.quantity = input.quantity;
        b.co2eGrams = input.co2eGrams;
        b.unit = input.unit;
        b.recordCommitment = record;
        emit BatchCreated(batchId, producerId, input.productType, record, input, where);
    }

    /// @inheritdoc ISupplyChain
    function offer(uint256 batchId, uint256 toId, bytes32 where) external {
        SupplyChainStorage storage $ = _s();
        Batch storage b = _usable($, batchId);
        uint256 holderId = b.holder;
        $.identity.requireParty(holderId, msg.sender);
        if (b.offeredTo != 0) revert SupplyOfferPending(batchId, b.offeredTo);
        if (toId == holderId || toId > type(uint64).max || !$.identity.isIdentityVerified(toId, 1)) {
            revert SupplyReceiverInvalid(toId);
        }
        b.offeredTo = uint64(toId);
        emit BatchOffered(batchId, holderId, toId, where);
    }

    /// @inheritdoc ISupplyChain
    function withdrawOffer(uint256 batchId) external {
        SupplyChainStorage storage $ = _s();
        Batch storage b = _existing($, batchId);
        $.identity.requireParty(b.holder, msg.sender);
        uint256 toId = b.offeredTo;
        if (toId == 0) revert SupplyNoOffer(batchId);
        b.offeredTo = 0;
        emit OfferWithdrawn(batchId, b.holder, toId);
    }

    /// @inheritdoc ISupplyChain
    function accept(uint256 batchId, bytes32 where) external {
        SupplyChainStorage storage $ = _s();
        Batch storage b = _usable($, batchId);
        uint256 toId = b.offeredTo;
        if (toId == 0) revert SupplyNoOffer(batchId);
        $.identity.requireParty(toId, msg.sender);
        _handOver(b, batchId, toId, where);
    }

    /// @inheritdoc ISupplyChain
    function acceptBySig(uint256 batchId, bytes32 where, uint256 deadline, bytes calldata signature) external {
        (Batch storage b, uint256 toId, bytes32 digest) = _relayedAccept(batchId, where, deadline);
        if (!SignatureChecker.isValidSignatureNow(_s().identity.walletOf(toId), digest, signature)) {
            revert SupplySignatureInvalid(toId);
        }
        _handOver(b, batchId, toId, where);
    }

    /// @inheritdoc ISupplyChain
    function acceptByPasskey(
        uint256 batchId,
        bytes32 where,
        uint256 deadline,
        IPasskeyRegistry.PasskeyAssertion calldata assertion
    ) external {
        (Batch storage b, uint256 toId, bytes32 digest) = _relayedAccept(batchId, where, deadline);
        _verifyPasskey(toId, digest, 1, assertion);
        _handOver(b, batchId, toId, where);
    }

    /// @inheritdoc ISupplyChain
    function split(
        uint256 batchId,
        uint128[] calldata quantities,
        bytes32 where
    ) external returns (uint256 firstOutput) {
        uint256 n = quantities.length;
        if (n < 2 || n > MAX_OUTPUTS) revert SupplyCountInvalid(n, 2, MAX_OUTPUTS);
        SupplyLineage.Step memory step = SupplyLineage.Step(_SPLIT, 0, _BPS, 0, where);
        uint256[] memory inputs = new uint256[](1);
        inputs[0] = batchId;
        uint256[] memory q = new uint256[](n);
        for (uint256 i; i < n; ++i) q[i] = quantities[i];
        return _run(inputs, q, new bytes32[](n), step);
    }

    /// @inheritdoc ISupplyChain
    function merge(uint256[] calldata inputs, bytes32 where) external returns (uint256 output) {
        uint256 n = inputs.length;
        if (n < 2 || n > MAX_INPUTS) revert SupplyCountInvalid(n, 2, MAX_INPUTS);
        return _run(inputs, new uint256[](1), new bytes32[](1), SupplyLineage.Step(_MERGE, 0, _BPS, 0, where));
    }

    /// @inheritdoc ISupplyChain
    function transform(
        uint256[] calldata inputs,
        TransformOutput[] calldata outputs,
        uint16 unit,
        uint32 factorBps,
        uint96 processCo2eGrams,
        bytes32 where
    ) external returns (uint256 firstOutput) {
        if (inputs.length == 0 || inputs.length > MAX_INPUTS) revert SupplyCountInvalid(inputs.length, 1, MAX_INPUTS);
        if (outputs.length == 0 || outputs.length > MAX_OUTPUTS) {
            revert SupplyCountInvalid(outputs.length, 1, MAX_OUTPUTS);
        }
        if (factorBps == 0 || factorBps > MAX_FACTOR_BPS) revert SupplyFactorInvalid(factorBps);
        if (unit == 0) revert SupplyUnitInvalid(unit);
        SupplyLineage.Step memory step = SupplyLineage.Step(_TRANSFORM, unit, factorBps, processCo2eGrams, where);
        uint256[] memory q = new uint256[](outputs.length);
        bytes32[] memory records = new bytes32[](outputs.length);
        for (uint256 i; i < outputs.length; ++i) {
            if (outputs[i].productType == bytes32(0)) revert SupplyProductTypeEmpty();
            q[i] = outputs[i].quantity;
            records[i] = keccak256(abi.encode(outputs[i].productType, outputs[i].dataCommitment));
        }
        return _run(inputs, q, records, step);
    }

    /// @inheritdoc ISupplyChain
    function recall(uint256 batchId, bytes32 reason) external {
        SupplyChainStorage storage $ = _s();
        Batch storage b = _existing($, batchId);
        uint256 producerId = b.producer;
        $.identity.requireParty(producerId, msg.sender);
        _recall($, b, batchId, producerId, reason);
    }

    /// @inheritdoc ISupplyChain
    function recallByAuthority(uint256 batchId, bytes32 reason) external restricted {
        SupplyChainStorage storage $ = _s();
        _recall($, _existing($, batchId), batchId, 0, reason);
    }

    /// @inheritdoc ISupplyChain
    function batch(uint256 batchId) external view returns (Batch memory) {
        return _s().batches[batchId];
    }

    /// @inheritdoc ISupplyChain
    function isRecalled(uint256 batchId) external view returns (bool) {
        SupplyChainStorage storage $ = _s();
        _existing($, batchId);
        return _isRecalled($, batchId);
    }

    /// @inheritdoc ISupplyChain
    function parentsOf(uint256 batchId, uint256 offset, uint256 limit) external view returns (uint256[] memory ids) {
        SupplyChainStorage storage $ = _s();
        uint256 packed = $.parents[batchId];
        ids = SupplyLineage.page(_existing($, batchId).parentCount, offset, limit);
        for (uint256 i; i < ids.length; ++i) ids[i] = uint64(packed >> (64 * (offset + i)));
    }

    /// @inheritdoc ISupplyChain
    function childrenOf(uint256 batchId, uint256 offset, uint256 limit) external view returns (uint256[] memory ids) {
        SupplyChainStorage storage $ = _s();
        _existing($, batchId);
        uint256 packed = $.children[batchId];
        ids = SupplyLineage.page(packed >> 64, offset, limit);
        for (uint256 i; i < ids.length; ++i) ids[i] = uint64(packed) + offset + i;
    }

    /// @inheritdoc ISupplyChain
    function embeddedEmissions(uint256 batchId) external view returns (uint256) {
        SupplyChainStorage storage $ = _s();
        return _existing($, batchId).co2eGrams;
    }

    /// @inheritdoc ISupplyChain
    function nonceOf(uint256 identityId) external view returns (uint256) {
        return _s().nonces[identityId];
    }

    /// @inheritdoc ISupplyChain
    function batchCount() external view returns (uint256) {
        return _s().batchCount;
    }

    /// @inheritdoc ISupplyChain
    function recallEpoch() external view returns (uint32) {
        return _s().recallEpoch;
    }

    /// @inheritdoc ISupplyChain
    function registry() external view returns (address) {
        return address(_s().identity);
    }

    /// @dev Checks a relayed acceptance and uses the receiver's nonce; returns the digest the receiver signed.
    function _relayedAccept(
        uint256 batchId,
        bytes32 where,
        uint256 deadline
    ) private returns (Batch storage b, uint256 toId, bytes32 digest) {
        SupplyChainStorage storage $ = _s();
        b = _usable($, batchId);
        toId = b.offeredTo;
        if (toId == 0) revert SupplyNoOffer(batchId);
        if (block.timestamp > deadline) revert SupplySignatureExpired(deadline);
        if (!$.identity.isIdentityVerified(toId, 1)) revert SupplyReceiverInvalid(toId);
        digest = _hashTypedDataV4(
            keccak256(abi.encode(_ACCEPT_TYPEHASH, batchId, b.holder, toId, where, $.nonces[toId]++, deadline))
        );
    }

    function _handOver(Batch storage b, uint256 batchId, uint256 toId, bytes32 where) private {
        uint256 fromId = b.holder;
        b.holder = uint64(toId);
        b.offeredTo = 0;
        emit CustodyTransferred(batchId, fromId, toId, where);
    }

    /// @dev Consumes the inputs (all usable, held by the caller's business identity, one unit, no pending offer).
    function _consume(
        SupplyChainStorage storage $,
        uint256[] memory inputs,
        uint256 outputCount
    ) private returns (SupplyLineage.Inputs memory total) {
        total.holderId = $.identity.producerOf(msg.sender);
        total.count = inputs.length;
        uint256 children = ($.batchCount + 1) | (outputCount << 64);
        for (uint256 i; i < inputs.length; ++i) {
            uint256 id = inputs[i];
            Batch storage b = _usable($, id);
            if (b.holder != total.holderId) revert SupplyInputNotHeld(id, b.holder);
            if (b.offeredTo != 0) revert SupplyOfferPending(id, b.offeredTo);
            if (i == 0) total.unit = b.unit;
            else if (b.unit != total.unit) revert SupplyInputsIncompatible(id);
            b.status = BatchStatus.Consumed;
            total.quantity += b.quantity;
            total.co2eGrams += b.co2eGrams;
            total.paths += 1 + uint256(b.lineagePaths);
            total.packed |= id << (64 * i);
            $.children[id] = children;
        }
        if (total.paths > MAX_LINEAGE_PATHS) revert SupplyLineageTooLong(total.paths, MAX_LINEAGE_PATHS);
    }

    /**
     * @dev One transformation: consumes the inputs, checks the mass balance, derives the outputs (a merge has one
     * output of the inputs' whole quantity) and emits the TransformationEvent.
     */
    function _run(
        uint256[] memory inputs,
        uint256[] memory q,
        bytes32[] memory records,
        SupplyLineage.Step memory step
    ) private returns (uint256 firstOutput) {
        SupplyChainStorage storage $ = _s();
        SupplyLineage.Inputs memory total = _consume($, inputs, q.length);
        if (step.kind == _MERGE) q[0] = total.quantity;
        if (step.unit != 0) total.unit = step.unit;
        for (uint256 i; i < q.length; ++i) total.produced += q[i];
        SupplyLineage.checkBalance(total.produced, total.quantity, step.factorBps);
        total.co2eOut = total.co2eGrams + step.processCo2eGrams;
        firstOutput = _deriveAll($, total, q, records);
        emit BatchesTransformed(
            total.holderId,
            firstOutput,
            step.kind,
            inputs,
            q.length,
            step.factorBps,
            step.processCo2eGrams,
            step.where
        );
    }

    /// @dev The outputs, sharing `total.co2eOut` pro rata of quantity (the last takes the rounding).
    function _deriveAll(
        SupplyChainStorage storage $,
        SupplyLineage.Inputs memory total,
        uint256[] memory q,
        bytes32[] memory records
    ) private returns (uint256 firstOutput) {
        firstOutput = $.batchCount + 1;
        uint256 co2eLeft = total.co2eOut;
        for (uint256 i; i < q.length; ++i) {
            uint256 co2e = i + 1 == q.length ? co2eLeft : (total.co2eOut * q[i]) / total.produced;
            co2eLeft -= co2e;
            _derive($, total, q[i], co2e, records[i]);
        }
    }

    function _derive(
        SupplyChainStorage storage $,
        SupplyLineage.Inputs memory total,
        uint256 quantity,
        uint256 co2eGrams,
        bytes32 record
    ) private returns (uint256 batchId) {
        if (quantity == 0) revert SupplyQuantityZero();
        batchId = ++$.batchCount;
        Batch storage b = $.batches[batchId];
        b.holder = uint64(total.holderId);
        b.producer = uint64(total.holderId);
        b.createdEpoch = $.recallEpoch;
        b.status = BatchStatus.Active;
        b.parentCount = uint8(total.count);
        b.quantity = SafeCast.toUint128(quantity);
        b.co2eGrams = SafeCast.toUint96(co2eGrams);
        b.unit = total.unit;
        b.lineagePaths = uint16(total.paths);
        if (record != bytes32(0)) b.recordCommitment = record;
        $.parents[batchId] = total.packed;
        emit BatchDerived(batchId, total.holderId, uint128(quantity), uint96(co2eGrams));
    }

    function _recall(
        SupplyChainStorage storage $,
        Batch storage b,
        uint256 batchId,
        uint256 byId,
        bytes32 reason
    ) private {
        if (_isRecalled($, batchId)) revert SupplyAlreadyRecalled(batchId);
        b.recalled = true;
        uint32 epoch = ++$.recallEpoch;
        emit BatchRecalled(batchId, byId, msg.sender, reason, epoch);
    }

    function _isRecalled(SupplyChainStorage storage $, uint256 batchId) private view returns (bool) {
        return SupplyLineage.isRecalled($.batches, $.parents, $.recallEpoch, batchId, MAX_LINEAGE_PATHS);
    }

    function _existing(SupplyChainStorage storage $, uint256 batchId) private view returns (Batch storage b) {
        b = $.batches[batchId];
        if (b.status == BatchStatus.None) revert SupplyBatchUnknown(batchId);
    }

    function _usable(SupplyChainStorage storage $, uint256 batchId) private view returns (Batch storage b) {
        b = _existing($, batchId);
        if (b.status == BatchStatus.Consumed) revert SupplyBatchConsumed(batchId);
        if (_isRecalled($, batchId)) revert SupplyBatchRecalled(batchId);
    }
}
