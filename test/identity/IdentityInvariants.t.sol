// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IIdentityClaims} from "../../contracts/identity/IIdentityClaims.sol";
import {IIdentityRecovery} from "../../contracts/identity/IIdentityRecovery.sol";
import {IIdentityRegistry} from "../../contracts/identity/IIdentityRegistry.sol";
import {IdentityRegistry} from "../../contracts/identity/IdentityRegistry.sol";
import {Roles} from "../../contracts/access/Roles.sol";
import {IdentityClaims} from "../../contracts/identity/IdentityClaims.sol";
import {Proxies} from "../utils/Proxies.sol";
import {TestBase} from "../utils/TestBase.sol";
import {IdentitySetup} from "./IdentitySetup.sol";

/**
 * @notice Drives the registry through random sequences of registrations, suspensions, revocations, re-registrations,
 * renewals, time jumps, guardian appointments and resets, recoveries, claim issuance, and attempts by the wallets
 * recoveries retired, with bounded inputs, keeping ghost state the invariants compare against. It holds the
 * REGISTRAR role; residents act through `vm.prank`.
 */
contract IdentityHandler is TestBase {
    uint256 internal constant SUBJECTS = 6; // a small pool, so re-registration attempts collide often
    bytes32 public constant TOPIC = "surveyor";

    IdentityRegistry internal immutable _REGISTRY;
    IIdentityClaims internal immutable _CLAIMS;
    uint256 internal immutable _DELAY;

    // Ghosts of the review's M-05 and "old wallet" invariants.
    address[] public retiredWallets; // previous primary wallets of executed recoveries
    uint256 public retiredWalletSuccesses; // calls a retired wallet got through (must stay 0)
    mapping(uint256 recoveryId => bool) public ghostSuperseded; // a newer set took effect before its threshold
    uint256 public supersededExecutions; // superseded recoveries that executed (must stay 0)

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
    constructor(
        IdentityRegistry registry,
        IIdentityClaims claims,
        uint256 delay,
        uint256[] memory founders,
        uint8 founderThreshold
    ) {
        _REGISTRY = registry;
        _CLAIMS = claims;
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

    function retiredCount() external view returns (uint256) {
        return retiredWallets.length;
    }

    /**
     * @dev Observes, before every action (at the action's own timestamp), which pending recoveries below their
     * threshold no longer have their set in effect: a newer set took effect (or a reset happened) before the
     * threshold. Independent of the contract's own bookkeeping: it reads only `guardiansOf`.
     */
    modifier observe() {
        _observe();
        _;
    }

    function _observe() internal {
        uint256 count = recoveries.length;
        for (uint256 i = 0; i < count; ++i) {
            uint256 recoveryId = recoveries[i];
            if (ghostSuperseded[recoveryId] || ghostReachedAt[recoveryId] != 0) continue;
            IIdentityRecovery.Recovery memory request = _REGISTRY.recovery(recoveryId);
            if (request.status != IIdentityRecovery.RecoveryStatus.Pending) continue;
            (, , uint32 epoch) = _REGISTRY.guardiansOf(request.identityId);
            if (epoch != request.guardianEpoch) ghostSuperseded[recoveryId] = true;
        }
    }

    function subject(uint256 index) public pure returns (bytes32) {
        return keccak256(abi.encode("subject", index));
    }

    function register(uint256 subjectSeed, uint256 levelSeed, uint256 validForSeed) external observe {
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

    function suspend(uint256 idSeed) external observe {
        if (ids.length == 0) return;
        try _REGISTRY.suspend(_pick(idSeed), "fuzz") {} catch {}
    }

    function reinstate(uint256 idSeed) external observe {
        if (ids.length == 0) return;
        try _REGISTRY.reinstate(_pick(idSeed)) {} catch {}
    }

    function revoke(uint256 idSeed) external observe {
        if (ids.length == 0) return;
        try _REGISTRY.revoke(_pick(idSeed), "fuzz") {} catch {}
    }

    function renew(uint256 idSeed, uint256 validForSeed) external observe {
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
    ) external observe {
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

    function initiateRecovery(uint256 idSeed, uint256 guardianSeed) external observe {
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

    function approveRecovery(uint256 recoverySeed, uint256 guardianSeed) external observe {
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

    function vetoRecovery(uint256 recoverySeed) external observe {
        if (recoveries.length == 0) return;
        uint256 recoveryId = recoveries[bound(recoverySeed, 0, recoveries.length - 1)];
        vm.prank(_REGISTRY.walletOf(_REGISTRY.recovery(recoveryId).identityId));
        try _REGISTRY.vetoRecovery(recoveryId) {} catch {}
    }

    /// @dev Waits up to twice the delay first, so attempts land both inside and after the veto window.
    function executeRecovery(uint256 recoverySeed, uint256 waitSeed) external observe {
        if (recoveries.length == 0) return;
        uint256 recoveryId = recoveries[bound(recoverySeed, 0, recoveries.length - 1)];
        vm.warp(block.timestamp + bound(waitSeed, 0, 2 * _DELAY));
        address previous = _REGISTRY.recovery(recoveryId).previousWallet;
        try _REGISTRY.executeRecovery(recoveryId) {
            ++executedRecoveries;
            retiredWallets.push(previous);
            if (ghostSuperseded[recoveryId]) ++supersededExecutions;
            uint256 threshold = ghostThreshold[recoveryId];
            bool enoughApprovals = threshold >= 2 && ghostApprovals[recoveryId] >= threshold;
            bool afterDelay = ghostReachedAt[recoveryId] != 0 && block.timestamp > ghostReachedAt[recoveryId] + _DELAY;
            if (!enoughApprovals || !afterDelay) ++recoveryViolations;
        } catch {}
    }

    /// @dev A registrar resets a (suspended) identity's guardians; a full reset supersedes every open recovery.
    function resetGuardians(uint256 idSeed, bool keepInEffect) external observe {
        if (ids.length == 0) return;
        uint256 id = _pick(idSeed);
        try _REGISTRY.resetGuardians(id, keepInEffect) {
            if (keepInEffect) return;
            uint256 count = recoveries.length;
            for (uint256 i = 0; i < count; ++i) {
                if (_REGISTRY.recovery(recoveries[i]).identityId == id) ghostSuperseded[recoveries[i]] = true;
            }
        } catch {}
    }

    /// @dev The current primary wallet of an identity issues a claim (founders are trusted issuers).
    function issueClaim(uint256 issuerSeed, uint256 subjectSeed) external observe {
        if (ids.length == 0) return;
        vm.prank(_REGISTRY.walletOf(_pick(issuerSeed)));
        try
            _CLAIMS.issueClaim(_pick(subjectSeed), TOPIC, keccak256("data"), uint40(block.timestamp + 365 days))
        {} catch {}
    }

    /**
     * @dev A wallet an executed recovery retired tries everything the identity layer lets a wallet do: open,
     * approve or veto a recovery, appoint guardians, issue a claim. Every success is counted (must stay 0).
     */
    function retiredWalletActs(uint256 walletSeed, uint256 actionSeed, uint256 targetSeed) external observe {
        if (retiredWallets.length == 0 || ids.length == 0) return;
        address wallet = retiredWallets[bound(walletSeed, 0, retiredWallets.length - 1)];
        uint256 target = _pick(targetSeed);
        uint256 action = actionSeed % 5;
        vm.prank(wallet);
        if (action == 0) {
            try _REGISTRY.initiateRecovery(target, _freshWallet()) returns (uint256 recoveryId) {
                ++retiredWalletSuccesses;
                recoveries.push(recoveryId);
            } catch {}
        } else if (action == 1 && recoveries.length != 0) {
            try _REGISTRY.approveRecovery(recoveries[bound(targetSeed, 0, recoveries.length - 1)]) {
                ++retiredWalletSuccesses;
            } catch {}
        } else if (action == 2 && recoveries.length != 0) {
            try _REGISTRY.vetoRecovery(recoveries[bound(targetSeed, 0, recoveries.length - 1)]) {
                ++retiredWalletSuccesses;
            } catch {}
        } else if (action == 3) {
            uint256[] memory guardians = new uint256[](2);
            guardians[0] = _pick(targetSeed + 1);
            guardians[1] = _pick(targetSeed + 2);
            try _REGISTRY.appointGuardians(target, guardians, 2) {
                ++retiredWalletSuccesses;
            } catch {}
        } else {
            try _CLAIMS.issueClaim(target, TOPIC, keccak256("data"), uint40(block.timestamp + 365 days)) {
                ++retiredWalletSuccesses;
            } catch {}
        }
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
    IIdentityClaims internal claims;

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
        vm.warp(block.timestamp + DELAY); // every guardian set, the first included, waits for the delay
        // Claims, with the founders trusted for the handler's topic (this contract is ADMIN).
        claims = IIdentityClaims(
            Proxies.deploy(
                deployCode("IdentityClaims.sol:IdentityClaims", ""),
                abi.encodeCall(IdentityClaims.initialize, (address(manager), address(registry)))
            )
        );
        for (uint256 i = 0; i < FOUNDERS; ++i) claims.setTrustedIssuer("surveyor", founders[i], true);
        // Deployed from its artifact, so this test contract does not embed the handler's bytecode (size limit).
        handler = IdentityHandler(
            deployCode(
                "IdentityInvariants.t.sol:IdentityHandler",
                abi.encode(address(registry), address(claims), DELAY, founders, uint8(2))
            )
        );
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

    /**
     * @notice After any executed recovery the old wallet holds no right in the identity layer: it is nobody's
     * primary or bound wallet, not verified, and every attempt it made to act as a guardian, an owner or an issuer
     * failed (counted by the handler).
     */
    function invariant_oldWalletsHoldNoRight() public view {
        assertEq(handler.retiredWalletSuccesses(), 0, "a retired wallet acted");
        uint256 retired = handler.retiredCount();
        uint256 count = handler.idCount();
        for (uint256 w = 0; w < retired; ++w) {
            address wallet = handler.retiredWallets(w);
            assertEq(registry.identityOf(wallet), 0, "a retired wallet still maps to an identity");
            assertFalse(registry.isVerified(wallet, 1), "a retired wallet is verified");
            for (uint256 i = 0; i < count; ++i) {
                assertFalse(registry.walletOf(handler.ids(i)) == wallet, "a retired wallet is a primary wallet");
            }
        }
    }

    /// @notice A recovery whose guardian set was replaced (or reset) before it reached its threshold never executes.
    function invariant_recoveriesUnderAReplacedSetNeverExecute() public view {
        assertEq(handler.supersededExecutions(), 0, "a superseded recovery executed");
    }

    /// @notice The handler can drive a full recovery, so the recovery invariant is not vacuous by construction.
    function test_handlerCompletesARecoveryOnlyAfterTheDelay() public {
        handler.initiateRecovery(0, 1);
        assertEq(handler.recoveryCount(), 1, "opened");
        handler.approveRecovery(0, 2);
        assertEq(handler.ghostApprovals(1), 2, "approved by two guardians");
        handler.executeRecovery(0, 0);
        assertEq(handler.executedRecoveries(), 0, "not within the veto window");
        handler.executeRecovery(0, DELAY + 1);
        assertEq(handler.executedRecoveries(), 1, "executed after it");
        assertEq(handler.recoveryViolations(), 0, "within the rules");
        // The retired wallet is refused everything it tries.
        assertEq(handler.retiredCount(), 1, "one wallet retired");
        for (uint256 action = 0; action < 5; ++action) handler.retiredWalletActs(0, action, 1);
        assertEq(handler.retiredWalletSuccesses(), 0, "the retired wallet got nothing through");
    }

    /// @notice The handler's supersession ghost is not vacuous: an owner's new set kills a dormant recovery.
    function test_handlerSeesASupersededRecoveryNeverExecute() public {
        handler.initiateRecovery(0, 1); // a dormant recovery of founder 0 (one approval)
        handler.appointGuardians(0, 1, 2, 3, 2); // founder 0 names a new set (ids 1..3 in some order)
        handler.warp(DELAY); // the new set takes effect
        handler.approveRecovery(0, 2); // refused, and observed as superseded
        assertTrue(handler.ghostSuperseded(1), "observed as superseded");
        handler.executeRecovery(0, 2 * DELAY);
        assertEq(handler.executedRecoveries(), 0, "never executed");
        assertEq(handler.supersededExecutions(), 0, "no violation");
    }
}
