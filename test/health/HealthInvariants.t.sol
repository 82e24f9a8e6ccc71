// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {HealthConsents} from "../../contracts/health/HealthConsents.sol";
import {HealthRecords} from "../../contracts/health/HealthRecords.sol";
import {IHealthConsents} from "../../contracts/health/IHealthConsents.sol";
import {RevisionLog} from "../../contracts/common/RevisionLog.sol";
import {MockHealthClaims} from "../../contracts/mocks/health/MockHealthClaims.sol";
import {MockIdentityRegistry} from "../../contracts/mocks/insurance/MockIdentityRegistry.sol";
import {Proxies} from "../utils/Proxies.sol";
import {TestBase} from "../utils/TestBase.sol";

/// @notice Random grants, revocations, break glasses and time jumps between four identities (all physicians).
contract HealthHandler is TestBase {
    HealthConsents public immutable consents;
    uint256 internal constant _ACTORS = 4;
    uint8 internal constant _EMERGENCY = 4;

    struct Revocation {
        uint256 patientId;
        uint256 providerId;
        uint8 category;
        uint8 purpose;
        uint256 grantId;
    }

    Revocation[] public revocations;
    mapping(uint256 patientId => uint256) public lastCount;
    mapping(uint256 patientId => bytes32) public firstEntry;
    bool public ghostShrunk;

    constructor(HealthConsents consents_) {
        consents = consents_;
    }

    function revocationCount() external view returns (uint256) {
        return revocations.length;
    }

    function grant(
        uint256 patientSeed,
        uint256 providerSeed,
        uint8 category,
        uint8 purpose,
        uint256 duration
    ) external {
        uint256 patientId = (patientSeed % _ACTORS) + 1;
        uint256 providerId = (providerSeed % _ACTORS) + 1;
        category = uint8(bound(category, 1, 2));
        purpose = uint8(bound(purpose, 1, 2));
        duration = bound(duration, 1, 10 days);
        vm.prank(_wallet(patientId));
        consents.grantAccess(providerId, category, purpose, uint64(block.timestamp + duration));
        _checkTrails();
    }

    function revoke(uint256 patientSeed, uint256 providerSeed, uint8 category, uint8 purpose) external {
        uint256 patientId = (patientSeed % _ACTORS) + 1;
        uint256 providerId = (providerSeed % _ACTORS) + 1;
        category = uint8(bound(category, 1, 2));
        purpose = uint8(bound(purpose, 1, 2));
        uint256 grantId = consents.grantOf(patientId, providerId, category, purpose).grantId;
        vm.prank(_wallet(patientId));
        try consents.revokeAccess(providerId, category, purpose) {
            revocations.push(Revocation(patientId, providerId, category, purpose, grantId));
        } catch {}
        _checkTrails();
    }

    function breakGlass(uint256 clinicianSeed, uint256 patientSeed) external {
        uint256 patientId = (patientSeed % _ACTORS) + 1;
        vm.prank(_wallet((clinicianSeed % _ACTORS) + 1));
        try consents.breakGlass(patientId, bytes32(0)) {} catch {}
        _checkTrails();
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 2 days));
        _checkTrails();
    }

    function _checkTrails() internal {
        for (uint256 p = 1; p <= _ACTORS; ++p) {
            uint256 count = consents.auditCount(p);
            if (count < lastCount[p]) ghostShrunk = true;
            lastCount[p] = count;
            if (count == 0) continue;
            RevisionLog.Entry[] memory first = consents.auditPage(p, 1, 1);
            bytes32 h = keccak256(abi.encode(first[0]));
            if (firstEntry[p] == bytes32(0)) firstEntry[p] = h;
            else if (firstEntry[p] != h) ghostShrunk = true;
        }
    }

    function _wallet(uint256 identityId) internal pure returns (address) {
        return address(uint160(0x4000 + identityId));
    }
}

/// @notice A revoked grant never validates; an expired emergency never validates; audit trails only grow.
contract HealthInvariantsTest is TestBase {
    HealthHandler internal handler;
    HealthConsents internal consents;
    uint256 internal constant _ACTORS = 4;

    function setUp() public {
        address manager = deployCode("CityAccessManager.sol:CityAccessManager", abi.encode(address(this)));
        MockIdentityRegistry identity = new MockIdentityRegistry();
        MockHealthClaims claims = new MockHealthClaims();
        for (uint256 i = 1; i <= _ACTORS; ++i) {
            identity.set(i, address(uint160(0x4000 + i)));
            claims.setLicensed(i, true);
        }
        address records = Proxies.deploy(
            deployCode("HealthRecords.sol:HealthRecords", ""),
            abi.encodeCall(HealthRecords.initialize, (manager, address(identity), address(claims)))
        );
        consents = HealthConsents(
            Proxies.deploy(
                deployCode("HealthConsents.sol:HealthConsents", ""),
                abi.encodeCall(
                    HealthConsents.initialize,
                    (manager, address(identity), address(claims), records, address(claims))
                )
            )
        );
        handler = new HealthHandler(consents);
        targetContract(address(handler));
    }

    function invariant_revokedGrantNeverValidates() public view {
        uint256 n = handler.revocationCount();
        for (uint256 i = 0; i < n; ++i) {
            (uint256 patientId, uint256 providerId, uint8 category, uint8 purpose, uint256 grantId) = handler
                .revocations(i);
            IHealthConsents.Grant memory current = consents.grantOf(patientId, providerId, category, purpose);
            if (current.grantId == grantId) {
                assertTrue(current.revoked, "revocation lost");
                assertFalse(consents.canAccess(providerId, patientId, category, purpose), "revoked grant validates");
            }
        }
    }

    function invariant_expiredEmergencyNeverValidates() public view {
        for (uint256 p = 1; p <= _ACTORS; ++p) {
            IHealthConsents.Emergency memory e = consents.emergencyOf(p);
            if (e.emergencyId == 0 || block.timestamp < e.until) continue;
            assertFalse(consents.canAccess(e.firstId, p, 1, 4), "expired emergency validates");
            assertFalse(consents.canAccess(e.secondId, p, 1, 4), "expired emergency validates");
        }
    }

    function invariant_historyOnlyGrows() public view {
        assertFalse(handler.ghostShrunk(), "an audit trail shrank or was rewritten");
    }
}
