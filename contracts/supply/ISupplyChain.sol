// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPasskeyRegistry} from "../identity/IPasskeyRegistry.sol";

/**
 * @title ISupplyChain
 * @notice Supply-chain provenance: batches of goods held in custody by identities, handed over by acceptance,
 * split, merged and transformed under a mass balance, recalled with every descendant, carrying embedded carbon.
 * @dev Batch state machine (enforced):
 *
 * | from     | action                                  | to       | who                                    |
 * |----------|-----------------------------------------|----------|----------------------------------------|
 * | -        | createBatch                             | Active   | a verified business identity (producer) |
 * | Active   | offer                                   | Active (offered) | the holder identity's primary wallet |
 * | offered  | withdrawOffer                           | Active   | the holder                             |
 * | offered  | accept / acceptBySig / acceptByPasskey  | Active (new holder) | the named receiver           |
 * | Active   | split / merge / transform (as input)    | Consumed | the holder                             |
 * | any      | recall / recallByAuthority              | recalled | the batch's producer / FOOD_SAFETY     |
 *
 * A batch is *recalled* when it or any ancestor was recalled ({isRecalled}); a recalled batch can no longer be
 * offered, accepted or transformed. The check is lazy and bounded: a global recall epoch is stamped on every
 * batch at creation, so a lineage whose every member was created after the latest recall is clean in one read,
 * and otherwise the walk visits at most {MAX_LINEAGE_PATHS} + 1 batches (the cap on every batch's lineage).
 * EPCIS mapping of the events: what = batch id, when = block time, where = `where` (a location commitment, e.g. a
 * hashed GLN), why = the event (business step), who = identity ids.
 */
interface ISupplyChain {
    /// @notice Lifecycle of a batch.
    enum BatchStatus {
        None,
        Active,
        Consumed
    }

    /// @notice A batch, in three storage slots.
    struct Batch {
        uint64 holder; // identity in custody (exactly one)
        uint64 offeredTo; // identity a hand-over is offered to (0: none)
        uint64 producer; // identity that created it (the transformer for derived batches)
        uint32 createdEpoch; // recall epoch at creation
        BatchStatus status;
        bool recalled; // recalled directly (descendants are recalled through {isRecalled})
        uint8 parentCount;
        uint128 quantity; // in `unit`
        uint96 co2eGrams; // embedded emissions, grams CO2e
        uint16 unit; // unit code (src/supply.ts Unit)
        uint16 lineagePaths; // number of paths to ancestors (bounded by MAX_LINEAGE_PATHS)
        bytes32 recordCommitment; // commitment to product type, origin, data, GTIN and lot (0: the parent's)
    }

    /// @notice What a producer declares when creating a batch. The clear values are in {BatchCreated}.
    struct BatchInput {
        bytes32 productType; // e.g. encodeBytes32String("wheat")
        uint128 quantity;
        uint16 unit;
        bytes32 origin; // commitment to the place of production
        bytes32 dataCommitment; // commitment to the product data sheet
        bytes32 gtinCommitment; // optional GS1 GTIN commitment (0: none)
        bytes32 lotCommitment; // optional lot number commitment (0: none)
        uint96 co2eGrams; // embedded emissions at creation
    }

    /// @notice One output of a transformation.
    struct TransformOutput {
        bytes32 productType;
        uint128 quantity;
        bytes32 dataCommitment;
    }

    /// @notice The caller is not the current primary wallet of an active identity `identityId`.
    error SupplyCallerNotParty(uint256 identityId, address caller);
    /// @notice The caller has no active business identity.
    error SupplyNotProducer(address caller);
    /// @notice No batch has this id.
    error SupplyBatchUnknown(uint256 batchId);
    /// @notice The batch was consumed by a transformation.
    error SupplyBatchConsumed(uint256 batchId);
    /// @notice The batch (or an ancestor) was recalled.
    error SupplyBatchRecalled(uint256 batchId);
    /// @notice The batch was already recalled, directly or through an ancestor.
    error SupplyAlreadyRecalled(uint256 batchId);
    /// @notice A hand-over of the batch is pending.
    error SupplyOfferPending(uint256 batchId, uint256 offeredTo);
    /// @notice No hand-over of the batch is pending.
    error SupplyNoOffer(uint256 batchId);
    /// @notice The receiver is not an active identity, or is the holder itself.
    error SupplyReceiverInvalid(uint256 receiverId);
    /// @notice The quantity is zero.
    error SupplyQuantityZero();
    /// @notice The unit code is zero.
    error SupplyUnitInvalid(uint16 unit);
    /// @notice The product type is empty.
    error SupplyProductTypeEmpty();
    /// @notice The inputs of a merge or transformation have different units (or products, for a merge).
    error SupplyInputsIncompatible(uint256 batchId);
    /// @notice The input holder differs from the first input's holder.
    error SupplyInputNotHeld(uint256 batchId, uint256 holderId);
    /// @notice The number of inputs or outputs is outside its bounds.
    error SupplyCountInvalid(uint256 count, uint256 min, uint256 max);
    /// @notice Outputs exceed inputs times the declared factor.
    error SupplyMassBalanceExceeded(uint256 outputs, uint256 maxOutputs);
    /// @notice The conversion factor is zero or above {MAX_FACTOR_BPS}.
    error SupplyFactorInvalid(uint32 factorBps);
    /// @notice The new batch's lineage would exceed {MAX_LINEAGE_PATHS}.
    error SupplyLineageTooLong(uint256 paths, uint256 max);
    /// @notice The signature is past its deadline.
    error SupplySignatureExpired(uint256 deadline);
    /// @notice The signature is not the receiver's.
    error SupplySignatureInvalid(uint256 receiverId);

    /**
     * @notice A batch was created (EPCIS ObjectEvent ADD). The clear values let anyone check `recordCommitment`.
     * @param recordCommitment keccak256(abi.encode(productType, origin, dataCommitment, gtinCommitment,
     * lotCommitment)).
     */
    event BatchCreated(
        uint256 indexed batchId,
        uint256 indexed producerId,
        bytes32 indexed productType,
        bytes32 recordCommitment,
        BatchInput input,
        bytes32 where
    );
    /// @notice The holder offered the batch to `toId` (EPCIS shipping).
    event BatchOffered(uint256 indexed batchId, uint256 indexed fromId, uint256 indexed toId, bytes32 where);
    /// @notice The holder withdrew its offer.
    event OfferWithdrawn(uint256 indexed batchId, uint256 indexed fromId, uint256 indexed toId);
    /// @notice Custody moved on acceptance (EPCIS receiving).
    event CustodyTransferred(uint256 indexed batchId, uint256 indexed fromId, uint256 indexed toId, bytes32 where);
    /**
     * @notice Inputs were consumed into outputs (EPCIS TransformationEvent).
     * @param kind 1 split, 2 merge, 3 transform.
     * @param firstOutput The outputs are the batches `firstOutput .. firstOutput + outputCount - 1`.
     */
    event BatchesTransformed(
        uint256 indexed holderId,
        uint256 indexed firstOutput,
        uint8 indexed kind,
        uint256[] inputs,
        uint256 outputCount,
        uint32 factorBps,
        uint96 processCo2eGrams,
        bytes32 where
    );
    /// @notice A derived batch was created by a transformation (its record is in {BatchesTransformed}).
    event BatchDerived(uint256 indexed batchId, uint256 indexed holderId, uint128 quantity, uint96 co2eGrams);
    /**
     * @notice A batch was recalled (with every descendant).
     * @param byId The producer identity, or 0 for the food-safety authority.
     * @param epoch The recall epoch after this recall.
     */
    event BatchRecalled(
        uint256 indexed batchId,
        uint256 indexed byId,
        address indexed by,
        bytes32 reason,
        uint32 epoch
    );

    /// @notice Creates a batch held by the caller's business identity. @return batchId The new id (from 1).
    function createBatch(BatchInput calldata input, bytes32 where) external returns (uint256 batchId);

    /// @notice Offers custody of a batch to identity `toId`; custody moves only when it accepts.
    function offer(uint256 batchId, uint256 toId, bytes32 where) external;

    /// @notice Withdraws the pending offer of a batch (the holder).
    function withdrawOffer(uint256 batchId) external;

    /// @notice Accepts custody of a batch offered to the caller's identity.
    function accept(uint256 batchId, bytes32 where) external;

    /**
     * @notice Accepts on the receiver's EIP-712 signature (any relayer submits). The signature covers batch, holder,
     * receiver, place, the receiver's nonce and a deadline (type `Accept` in src/supply.ts).
     */
    function acceptBySig(uint256 batchId, bytes32 where, uint256 deadline, bytes calldata signature) external;

    /**
     * @notice {acceptBySig} with a WebAuthn assertion of a live passkey of the receiver identity (issue 20): its
     * challenge is the same EIP-712 `Accept` digest, and the same nonce is consumed.
     */
    function acceptByPasskey(
        uint256 batchId,
        bytes32 where,
        uint256 deadline,
        IPasskeyRegistry.PasskeyAssertion calldata assertion
    ) external;

    /// @notice Splits a batch into outputs of the same product whose quantities sum to at most its own.
    function split(
        uint256 batchId,
        uint128[] calldata quantities,
        bytes32 where
    ) external returns (uint256 firstOutput);

    /// @notice Merges batches of one product and unit, held by the caller, into one batch.
    function merge(uint256[] calldata inputs, bytes32 where) external returns (uint256 output);

    /**
     * @notice Transforms inputs (one unit) into outputs of `unit`; sum(outputs) <= sum(inputs) * factorBps / 10,000.
     * Embedded carbon: inputs' plus `processCo2eGrams`, spread over outputs pro rata of quantity.
     */
    function transform(
        uint256[] calldata inputs,
        TransformOutput[] calldata outputs,
        uint16 unit,
        uint32 factorBps,
        uint96 processCo2eGrams,
        bytes32 where
    ) external returns (uint256 firstOutput);

    /// @notice Recalls a batch and every descendant, as the batch's producer identity.
    function recall(uint256 batchId, bytes32 reason) external;

    /// @notice Recalls a batch and every descendant, as the food-safety authority (FOOD_SAFETY).
    function recallByAuthority(uint256 batchId, bytes32 reason) external;

    /// @notice A batch record.
    function batch(uint256 batchId) external view returns (Batch memory);

    /// @notice Whether the batch or any ancestor was recalled (bounded walk, see the contract NatSpec).
    function isRecalled(uint256 batchId) external view returns (bool);

    /// @notice Parents of a batch, a page of at most `limit` from `offset` (at most {MAX_INPUTS} exist).
    function parentsOf(uint256 batchId, uint256 offset, uint256 limit) external view returns (uint256[] memory);

    /// @notice Children of a batch, a page of at most `limit` from `offset` (at most {MAX_OUTPUTS} exist).
    function childrenOf(uint256 batchId, uint256 offset, uint256 limit) external view returns (uint256[] memory);

    /// @notice Embedded emissions of a batch in grams CO2e (inputs' share plus process emissions).
    function embeddedEmissions(uint256 batchId) external view returns (uint256 co2eGrams);

    /// @notice The next signature nonce of an identity (acceptBySig).
    function nonceOf(uint256 identityId) external view returns (uint256);

    /// @notice Number of batches created so far (ids run from 1).
    function batchCount() external view returns (uint256);

    /// @notice Number of recalls so far (the recall epoch).
    function recallEpoch() external view returns (uint32);

    /// @notice The identity registry.
    function registry() external view returns (address);

    /// @notice Most inputs of a merge or transformation.
    // solhint-disable-next-line func-name-mixedcase
    function MAX_INPUTS() external view returns (uint256);

    /// @notice Most outputs of a split or transformation.
    // solhint-disable-next-line func-name-mixedcase
    function MAX_OUTPUTS() external view returns (uint256);

    /// @notice Highest conversion factor of a transformation, in basis points (5x).
    // solhint-disable-next-line func-name-mixedcase
    function MAX_FACTOR_BPS() external view returns (uint32);

    /// @notice Most paths from a batch to its ancestors (bounds the recall walk).
    // solhint-disable-next-line func-name-mixedcase
    function MAX_LINEAGE_PATHS() external view returns (uint256);
}
