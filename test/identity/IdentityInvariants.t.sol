// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IIdentityRecovery} from "../../contracts/identity/IIdentityRecovery.sol";
import {IIdentityRegistry} from "../../contracts/identity/IIdentityRegistry.sol";
import {IdentityRegistry} from "../../contracts/identity/IdentityRegistry.sol";
import {Roles} from "../../contracts/access/Roles.sol";
import {TestBase} from "../utils/TestBase.sol";
import {IdentitySetup} from "./IdentitySetup.sol";

/**
 * @notice Drives the registry through random sequences of registrations, suspensions, revocations, re-registrations,
 * renewals, time jumps, guardian appointments and recoveries, with bounded inputs, keeping ghost state the
 * invariants compare against. It holds the REGISTRAR role; residents act through `vm.prank`.
 */
contract IdentityHandler is TestBase {
    uint256 internal constant SUBJECTS = 6; // a small pool, so re-registration attempts collide often

    IdentityRegistry internal immutable _REGISTRY;
    uint256 internal immutable _DELAY;

    uint256[] public ids;
    mapping(uint256 id => uint256 subjectIndex) public subjectOf;
    uint256 internal _walletCount;

    // Recovery ghosts, counted from successful calls only.
    mapping(uint256 id => mapping(uint32 epoch => uint8 threshold)) internal _thresholds;
    mapping(uint256 id => uint32 epochs) internal _epochs;
    uint256[] public recoveries;
    mapping(uint256 recoveryId => uint256 approvals) public ghostApprovals;
    mapping(uint256 recoveryId => uint256 threshold) public ghostThreshold;
    mapping(uint256 recoveryId => uint256 reachedAt) public ghostReachedAt;
    uint256 public executedRecoveries;
    uint256 public recoveryViolations;

    /**
     * @param registry The registry under test (this handler must hold REGISTRAR).
     * @param delay Its recovery delay.
     * @param founders Identities registered in `setUp` (subjects `SUBJECTS + i`) that already appointed their
     * first guardian set with threshold `founderThreshold`, so recoveries are reachable within a short run.
     */
    constructor(IdentityRegistry registry, uint256 delay, uint256[] memory founders, uint8 founderThreshold) {
        _REGISTRY = registry;
        _DELAY = delay;
        for (uint256 i = 0; i < founders.length; ++i) {
            ids.push(founders[i]);
            subjectOf[founders[i]] = SUBJECTS + i;
            _epochs[founders[i]] = 1;
            _thresholds[founders[i]][1] = founderThreshold;
        }
    }

    function idCount() external view returns (uint256) {
        return ids.length;
    }

    function recoveryCount() external view returns (uint256) {
        return recoveries.length;
    }

    function subject(uint256 index) public pure returns (bytes32) {
        return keccak256(abi.encode("subject", index));
    }

    function register(uint256 subjectSeed, uint256 levelSeed, uint256 validForSeed) external {
        uint256 index = bound(subjectSeed, 0, SUBJECTS - 1);
        uint8 level = uint8(bound(levelSeed, 1, 3));
        uint40 validUntil = uint40(block.timestamp + bound(validForSeed, 1 hours, 3 * 365 days));
        address wallet = _freshWallet();
        try
            _REGISTRY.register(
                IIdentityRegistry.IdentityKind.Resident,
                level,
                subject(index),
                keccak256(abi.encode(wallet)),
                validUntil,
                wallet
            )
        returns (uint256 id) {
            ids.push(id);
            subjectOf[id] = index;
        } catch {}
    }

    function suspend(uint256 idSeed) external {
        if (ids.length == 0) return;
        try _REGISTRY.suspend(_pick(idSeed), "fuzz") {} catch {}
    }

    function reinstate(uint256 idSeed) external {
        if (ids.length == 0) return;
        try _REGISTRY.reinstate(_pick(idSeed)) {} catch {}
    }

    function revoke(uint256 idSeed) external {
        if (ids.length == 0) return;
        try _REGISTRY.revoke(_pick(idSeed), "fuzz") {} catch {}
    }

    function renew(uint256 idSeed, uint256 validForSeed) external {
        if (ids.length == 0) return;
        uint40 validUntil = uint40(block.timestamp + bound(validForSeed, 1 hours, 3 * 365 days));
        try _REGISTRY.renew(_pick(idSeed), validUntil) {} catch {}
    }

    function warp(uint256 secondsSeed) external {
        vm.warp(block.timestamp + bound(secondsSeed, 1 minutes, 20 days));
    }

    function appointGuardians(
        uint256 idSeed,
        uint256 aSeed,
        uint256 bSeed,
        uint256 cSeed,
        uint8 thresholdSeed
    ) external {
        if (ids.length < 4) return;
        uint256 id = _pick(idSeed);
        uint256[] memory guardians = new uint256[](3);
        guardians[0] = _pick(aSeed);
        guardians[1] = _pick(bSeed);
        guardians[2] = _pick(cSeed);
        uint8 threshold = uint8(bound(thresholdSeed, 2, 3));
        vm.prank(_REGISTRY.walletOf(id));
        try _REGISTRY.appointGuardians(id, guardians, threshold) {
            _thresholds[id][++_epochs[id]] = threshold;
        } catch {}
    }

    function initiateRecovery(uint256 idSeed, uint256 guardianSeed) external {
        if (ids.length == 0) return;
        uint256 id = _pick(idSeed);
        (uint256[] memory guardians, , ) = _REGISTRY.guardiansOf(id);
        vm.prank(_REGISTRY.walletOf(_pickGuardian(guardians, guardianSeed)));
        try _REGISTRY.initiateRecovery(id, _freshWallet()) returns (uint256 recoveryId) {
            recoveries.push(recoveryId);
            ghostApprovals[recoveryId] = 1;
            ghostThreshold[recoveryId] = _thresholds[id][_REGISTRY.recovery(recoveryId).guardianEpoch];
        } catch {}
    }

    function approveRecovery(uint256 recoverySeed, uint256 guardianSeed) external {
        if (recoveries.length == 0) return;
        uint256 recoveryId = recoveries[bound(recoverySeed, 0, recoveries.length - 1)];
        IIdentityRecovery.Recovery memory request = _REGISTRY.recovery(recoveryId);
        (uint256[] memory guardians, ) = _REGISTRY.guardianSet(request.identityId, request.guardianEpoch);
        vm.prank(_REGISTRY.walletOf(_pickGuardian(guardians, guardianSeed)));
        try _REGISTRY.approveRecovery(recoveryId) {
            if (++ghostApprovals[recoveryId] == ghostThreshold[recoveryId])
                ghostReachedAt[recoveryId] = block.timestamp;
        } catch {}
    }

    function vetoRecovery(uint256 recoverySeed) external {
        if (recoveries.length == 0) return;
        uint256 recoveryId = recoveries[bound(recoverySeed, 0, recoveries.length - 1)];
        vm.prank(_REGISTRY.walletOf(_REGISTRY.recovery(recoveryId).identityId));
        try _REGISTRY.vetoRecovery(recoveryId) {} catch {}
    }

    /// @dev Waits up to twice the delay first, so attempts land both inside and after the veto window.
    function executeRecovery(uint256 recoverySeed, uint256 waitSeed) external {
        if (recoveries.length == 0) return;
        uint256 recoveryId = recoveries[bound(recoverySeed, 0, recoveries.length - 1)];
        vm.warp(block.timestamp + bound(waitSeed, 0, 2 * _DELAY));
        try _REGISTRY.executeRecovery(recoveryId) {
            ++executedRecoveries;
            uint256 threshold = ghostThreshold[recoveryId];
            bool enoughApprovals = threshold >= 2 && ghostApprovals[recoveryId] >= threshold;
            bool afterDelay = ghostReachedAt[recoveryId] != 0 && block.timestamp >= ghostReachedAt[recoveryId] + _DELAY;
            if (!enoughApprovals || !afterDelay) ++recoveryViolations;
        } catch {}
    }

    /// @dev Mostly a guardian of the set (so recoveries progress), sometimes any identity (so refusals are hit).
    function _pickGuardian(uint256[] memory guardians, uint256 seed) internal view returns (uint256) {
        if (guardians.length == 0 || seed % 8 == 0) return _pick(seed);
        return guardians[bound(seed, 0, guardians.length - 1)];
    }

    function _pick(uint256 seed) internal view returns (uint256) {
        return ids[bound(seed, 0, ids.length - 1)];
    }

    function _freshWallet() internal returns (address) {
        return address(uint160(0xC1D0000 + ++_walletCount));
    }
}

/// @notice Invariants of the identity registry under the handler's random operations.
contract IdentityInvariantsTest is IdentitySetup {
    IdentityHandler internal handler;

    uint256 internal constant FOUNDERS = 4;

    function setUp() public {
        _deployIdentity(address(this));
        // Four founders, each guarded by the other three (2 of 3), so the fuzzer reaches recoveries quickly.
        uint256[] memory founders = new uint256[](FOUNDERS);
        address[] memory wallets = new address[](FOUNDERS);
        for (uint256 i = 0; i < FOUNDERS; ++i) {
            wallets[i] = address(uint160(0xF0000 + i));
            bytes32 subject = keccak256(abi.encode("subject", 6 + i)); // IdentityHandler.subject(SUBJECTS + i)
            founders[i] = _registerAs(address(this), subject, 3, uint40(block.timestamp + 3 * 365 days), wallets[i]);
        }
        for (uint256 i = 0; i < FOUNDERS; ++i) {
            uint256[] memory guardians = new uint256[](FOUNDERS - 1);
            for (uint256 j = 0; j < FOUNDERS - 1; ++j) guardians[j] = founders[(i + 1 + j) % FOUNDERS];
            vm.prank(wallets[i]);
            registry.appointGuardians(founders[i], guardians, 2);
        }
        handler = new IdentityHandler(registry, DELAY, founders, 2);
        manager.grantRole(Roles.REGISTRAR, address(handler), 0);
        targetContract(address(handler));
    }

    /// @notice A subject never maps to two live (not revoked) identities, and its index names the latest one.
    function invariant_aSubjectNeverHasTwoLiveIdentities() public view {
        uint256 count = handler.idCount();
        for (uint256 i = 0; i < count; ++i) {
            uint256 id = handler.ids(i);
            uint256 subjectIndex = handler.subjectOf(id);
            if (registry.identity(id).status == IIdentityRegistry.IdentityStatus.Revoked) continue;
            for (uint256 j = i + 1; j < count; ++j) {
                uint256 other = handler.ids(j);
                if (handler.subjectOf(other) != subjectIndex) continue;
                assertTrue(
                    registry.identity(other).status == IIdentityRegistry.IdentityStatus.Revoked,
                    "two live identities for one subject"
                );
            }
            assertEq(registry.identityOfSubject(handler.subject(subjectIndex)), id, "the live one is the latest");
        }
    }

    /// @notice isVerified is false after expiry, suspension or revocation, and true only for a current record.
    function invariant_isVerifiedOnlyForActiveUnexpiredIdentities() public view {
        uint256 count = handler.idCount();
        for (uint256 i = 0; i < count; ++i) {
            uint256 id = handler.ids(i);
            IIdentityRegistry.Identity memory record = registry.identity(id);
            bool current =
                record.status == IIdentityRegistry.IdentityStatus.Active && block.timestamp <= record.validUntil;
            assertEq(registry.isIdentityVerified(id, 1) ? 1 : 0, current ? 1 : 0, "isIdentityVerified");
            if (record.status == IIdentityRegistry.IdentityStatus.Revoked) {
                assertFalse(registry.identityOf(record.wallet) == id, "a revoked identity keeps no wallet");
            } else {
                assertEq(registry.identityOf(record.wallet), id, "the primary wallet maps back to the identity");
                assertEq(registry.isVerified(record.wallet, 1) ? 1 : 0, current ? 1 : 0, "isVerified");
                assertFalse(registry.isVerified(record.wallet, record.level + 1), "never above the level");
            }
        }
    }

    /// @notice A recovery never completes with fewer than M >= 2 approvals or before the delay after the M-th.
    function invariant_recoveryNeedsMApprovalsAndTheDelay() public view {
        assertEq(handler.recoveryViolations(), 0, "a recovery completed too early or under-approved");
        uint256 count = handler.recoveryCount();
        for (uint256 r = 1; r <= count; ++r) {
            IIdentityRecovery.Recovery memory request = registry.recovery(r);
            if (request.status != IIdentityRecovery.RecoveryStatus.Executed) continue;
            assertGe(request.approvals, request.threshold, "executed with fewer approvals than its threshold");
            assertGe(request.threshold, 2, "threshold below two");
        }
    }

    /// @notice The handler can drive a full recovery, so the recovery invariant is not vacuous by construction.
    function test_handlerCompletesARecoveryOnlyAfterTheDelay() public {
        handler.initiateRecovery(0, 1);
        assertEq(handler.recoveryCount(), 1, "opened");
        handler.approveRecovery(0, 2);
        assertEq(handler.ghostApprovals(1), 2, "approved by two guardians");
        handler.executeRecovery(0, 0);
        assertEq(handler.executedRecoveries(), 0, "not within the veto window");
        handler.executeRecovery(0, DELAY);
        assertEq(handler.executedRecoveries(), 1, "executed after it");
        assertEq(handler.recoveryViolations(), 0, "within the rules");
    }
}
