// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IIdentityClaims} from "../identity/IIdentityClaims.sol";

/**
 * @title HealthCodes
 * @notice The health service's shared vocabulary: the credential topics that make an identity a provider, the
 * record categories, the purposes of access and the kinds of audit entries. `src/health.ts` mirrors them.
 */
library HealthCodes {
    /// @notice Credential topic of a licensed physician (a claim from an issuer the city trusts for it).
    bytes32 internal constant PHYSICIAN_TOPIC = keccak256("citychain.health.physician");
    /// @notice Credential topic of a licensed clinic (a hospital, a laboratory, a practice).
    bytes32 internal constant CLINIC_TOPIC = keccak256("citychain.health.clinic");

    /// @notice Record categories (1..MAX_CATEGORY); 0 is never a category.
    uint8 internal constant CATEGORY_LAB = 1;
    uint8 internal constant CATEGORY_IMAGING = 2;
    uint8 internal constant CATEGORY_PRESCRIPTION = 3;
    uint8 internal constant CATEGORY_DIAGNOSIS = 4;
    uint8 internal constant CATEGORY_VACCINATION = 5;
    uint8 internal constant MAX_CATEGORY = CATEGORY_VACCINATION;

    /// @notice Purposes of access (1..MAX_PURPOSE); PURPOSE_EMERGENCY is only ever granted by break glass.
    uint8 internal constant PURPOSE_TREATMENT = 1;
    uint8 internal constant PURPOSE_SECOND_OPINION = 2;
    uint8 internal constant PURPOSE_INSURANCE = 3;
    uint8 internal constant PURPOSE_EMERGENCY = 4;
    uint8 internal constant MAX_PURPOSE = PURPOSE_EMERGENCY;

    /// @notice Audit entry kinds (the `kind` of the patient's history entries; `ref` in brackets).
    uint16 internal constant AUDIT_GRANTED = 1; // [grant id]
    uint16 internal constant AUDIT_REVOKED = 2; // [grant id]
    uint16 internal constant AUDIT_EMERGENCY_PROPOSED = 3; // [proposing clinician id]
    uint16 internal constant AUDIT_EMERGENCY_OPENED = 4; // [emergency id]
    uint16 internal constant AUDIT_ACCESSED = 5; // [record id]
    uint16 internal constant AUDIT_CLAIM_GRANTED = 6; // [claim grant id]
    uint16 internal constant AUDIT_CLAIM_REVOKED = 7; // [claim grant id]

    /// @notice Whether `identityId` holds a valid physician or clinic credential right now.
    function isLicensed(IIdentityClaims claims, uint256 identityId) internal view returns (bool) {
        return claims.hasValidClaim(identityId, PHYSICIAN_TOPIC) || claims.hasValidClaim(identityId, CLINIC_TOPIC);
    }

    /// @notice Whether `identityId` holds a valid physician credential (break glass takes two physicians).
    function isPhysician(IIdentityClaims claims, uint256 identityId) internal view returns (bool) {
        return claims.hasValidClaim(identityId, PHYSICIAN_TOPIC);
    }
}
