// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title CarbonRevisions
 * @notice The kinds of change in an emitter's record for a period (the `kind` of its `RecordRevised` revisions,
 * record key `bytes32(emitterId << 64 | periodId)`) and what each revision's `ref` holds.
 */
library CarbonRevisions {
    uint16 internal constant EMISSIONS_RECORDED = 1; // ref: verified tonnes
    uint16 internal constant EMISSIONS_CORRECTED = 2; // ref: corrected tonnes (reason in EmissionsCorrected)
    uint16 internal constant ALLOWANCES_SURRENDERED = 3; // ref: allowances surrendered by this revision
    uint16 internal constant OFFSETS_SURRENDERED = 4; // ref: offset credits surrendered by this revision
    uint16 internal constant SETTLED = 5; // ref: shortfall in tonnes (0 when compliant)
    uint16 internal constant SHORTFALL_CARRIED_IN = 6; // ref: tonnes carried in from the previous period
}
