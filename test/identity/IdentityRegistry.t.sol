// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IIdentityRecovery} from "../../contracts/identity/IIdentityRecovery.sol";
import {IIdentityRegistry} from "../../contracts/identity/IIdentityRegistry.sol";
import {IIdentityWallets} from "../../contracts/identity/IIdentityWallets.sol";
import {IdentitySetup} from "./IdentitySetup.sol";

/// @notice Fuzz tests of the identity registry: registration, Sybil resistance, expiry, binding, recovery timing.
contract IdentityRegistryFuzzTest is IdentitySetup {
    address internal registrar;

    function setUp() public {
        registrar = makeAddr("registrar");
        _deployIdentity(registrar);
    }

    function _wallet(uint256 seed) internal pure returns (address) {
        return address(uint160(bound(seed, 1, type(uint160).max)));
    }

    function testFuzz_registerStoresTheRecordAndBothIndexes(
        uint8 kindSeed,
        uint8 levelSeed,
        bytes32 subject,
        uint256 validFor,
        uint256 walletSeed
    ) public {
        vm.assume(subject != bytes32(0));
        IIdentityRegistry.IdentityKind kind = IIdentityRegistry.IdentityKind(bound(kindSeed, 1, 3));
        uint8 level = uint8(bound(levelSeed, 1, 3));
        uint40 validUntil = uint40(block.timestamp + bound(validFor, 1, 100 * 365 days));
        address wallet = _wallet(walletSeed);
        bytes32 record = keccak256(abi.encode(subject));

        vm.prank(registrar);
        uint256 id = registry.register(kind, level, subject, record, validUntil, wallet);

        IIdentityRegistry.Identity memory stored = registry.identity(id);
        assertEq(id, 1, "first id");
        assertEq(stored.wallet, wallet, "wallet");
        assertEq(stored.validUntil, validUntil, "validUntil");
        assertEq(uint8(stored.kind), uint8(kind), "kind");
        assertEq(stored.level, level, "level");
        assertEq(uint8(stored.status), uint8(IIdentityRegistry.IdentityStatus.Active), "status");
        assertEq(stored.revision, 1, "revision");
        assertEq(stored.recordCommitment, record, "record");
        assertEq(registry.identityOf(wallet), id, "wallet index");
        assertEq(registry.identityOfSubject(subject), id, "subject index");
        assertTrue(registry.isVerified(wallet, level), "verified at its level");
        assertFalse(registry.isVerified(wallet, level + 1), "not above its level");
    }

    function testFuzz_registerRejectsALevelOutsideOneToThree(uint8 level) public {
        vm.assume(level == 0 || level > 3);
        vm.expectRevert(abi.encodeWithSelector(IIdentityRegistry.IdentityLevelInvalid.selector, level));
        _registerAs(registrar, keccak256("s"), level, uint40(block.timestamp + 1 days), makeAddr("w"));
        assertEq(registry.identityCount(), 0, "nothing registered");
    }

    function testFuzz_aSubjectNeverGetsASecondLiveIdentity(bytes32 subject, uint256 seedA, uint256 seedB) public {
        vm.assume(subject != bytes32(0));
        address first = _wallet(seedA);
        address second = _wallet(seedB);
        vm.assume(first != second);
        uint40 validUntil = uint40(block.timestamp + 365 days);
        uint256 id = _registerAs(registrar, subject, 2, validUntil, first);

        vm.expectRevert(abi.encodeWithSelector(IIdentityRegistry.IdentitySubjectTaken.selector, subject, id));
        _registerAs(registrar, subject, 2, validUntil, second);

        vm.prank(registrar);
        registry.suspend(id, "check");
        vm.expectRevert(abi.encodeWithSelector(IIdentityRegistry.IdentitySubjectTaken.selector, subject, id));
        _registerAs(registrar, subject, 2, validUntil, second);

        vm.prank(registrar);
        registry.revoke(id, "final");
        uint256 next = _registerAs(registrar, subject, 2, validUntil, second);
        assertEq(registry.predecessorOf(next), id, "linked to the revoked identity");
        assertEq(registry.identityOfSubject(subject), next, "subject points at the new identity");
        assertEq(uint8(registry.identity(id).status), uint8(IIdentityRegistry.IdentityStatus.Revoked), "old stays");
    }

    function testFuzz_isVerifiedIsFalseFromTheSecondAfterExpiry(uint256 validFor, uint256 elapsed) public {
        validFor = bound(validFor, 1, 10 * 365 days);
        elapsed = bound(elapsed, 0, 20 * 365 days);
        address wallet = makeAddr("resident");
        uint40 validUntil = uint40(block.timestamp + validFor);
        uint256 id = _registerAs(registrar, keccak256("subject"), 3, validUntil, wallet);
        vm.warp(block.timestamp + elapsed);
        bool expected = block.timestamp <= validUntil;
        assertEq(registry.isVerified(wallet, 1) ? 1 : 0, expected ? 1 : 0, "isVerified follows the clock");
        assertEq(registry.isIdentityVerified(id, 3) ? 1 : 0, expected ? 1 : 0, "isIdentityVerified too");
    }

    function testFuzz_isVerifiedComparesLevels(uint8 levelSeed, uint8 minLevel) public {
        uint8 level = uint8(bound(levelSeed, 1, 3));
        address wallet = makeAddr("resident");
        _registerAs(registrar, keccak256("subject"), level, uint40(block.timestamp + 1 days), wallet);
        assertEq(registry.isVerified(wallet, minLevel) ? 1 : 0, level >= minLevel ? 1 : 0, "level >= minLevel");
    }

    function testFuzz_aBindingNeedsTheBoundWalletsOwnKey(uint256 keySeed, uint256 otherSeed, uint256 nonce) public {
        uint256 key = bound(keySeed, 1, 2 ** 128);
        uint256 otherKey = bound(otherSeed, 1, 2 ** 128);
        vm.assume(key != otherKey);
        address owner = makeAddr("owner");
        address wallet = vm.addr(key);
        vm.assume(wallet != owner);
        uint256 id = _registerAs(registrar, keccak256("subject"), 2, uint40(block.timestamp + 1 days), owner);
        uint256 deadline = block.timestamp + 1 hours;

        bytes memory forged = _sign(otherKey, registry.bindingDigest(id, wallet, 0, deadline));
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(IIdentityWallets.IdentityBindingSignatureInvalid.selector, id, wallet));
        registry.bindWallet(id, wallet, 0, deadline, forged);

        nonce = bound(nonce, 1, type(uint256).max);
        bytes memory wrongNonce = _sign(key, registry.bindingDigest(id, wallet, nonce, deadline));
        vm.prank(owner);
        vm.expectRevert(
            abi.encodeWithSelector(IIdentityWallets.IdentityBindingNonceInvalid.selector, wallet, nonce, 0)
        );
        registry.bindWallet(id, wallet, nonce, deadline, wrongNonce);

        bytes memory genuine = _sign(key, registry.bindingDigest(id, wallet, 0, deadline));
        vm.prank(owner);
        registry.bindWallet(id, wallet, 0, deadline, genuine);
        assertEq(registry.identityOf(wallet), id, "bound");
        assertEq(registry.nonces(wallet), 1, "nonce used");
    }

    function testFuzz_recoveryNeverCompletesBeforeTheDelayOrWithOneApproval(uint256 early, uint256 late) public {
        early = bound(early, 0, DELAY); // up to executableAt included: execution is strictly later (I-07)
        late = bound(late, DELAY + 1, 3 * DELAY); // within the approval window, then within the execution window
        uint40 validUntil = uint40(block.timestamp + 10 * 365 days);
        address owner = makeAddr("owner");
        address[3] memory guardianWallets = [makeAddr("g1"), makeAddr("g2"), makeAddr("g3")];
        uint256 id = _registerAs(registrar, keccak256("owner"), 3, validUntil, owner);
        uint256[] memory guardians = new uint256[](3);
        for (uint256 i = 0; i < 3; ++i) {
            guardians[i] = _registerAs(registrar, keccak256(abi.encode("g", i)), 2, validUntil, guardianWallets[i]);
        }
        vm.prank(owner);
        registry.appointGuardians(id, guardians, 2);
        vm.warp(block.timestamp + DELAY); // the first set takes effect after the delay too (L-05)
        address newWallet = makeAddr("new");

        vm.prank(guardianWallets[0]);
        uint256 recoveryId = registry.initiateRecovery(id, newWallet);
        vm.warp(block.timestamp + late);
        vm.expectRevert(
            abi.encodeWithSelector(IIdentityRecovery.IdentityRecoveryNotApproved.selector, recoveryId, 1, 2)
        );
        registry.executeRecovery(recoveryId);

        vm.prank(guardianWallets[2]);
        registry.approveRecovery(recoveryId);
        uint256 executableAt = block.timestamp + DELAY;
        vm.warp(block.timestamp + early);
        vm.expectRevert(
            abi.encodeWithSelector(
                IIdentityRecovery.IdentityRecoveryTooEarly.selector,
                recoveryId,
                executableAt,
                block.timestamp
            )
        );
        registry.executeRecovery(recoveryId);
        assertEq(registry.walletOf(id), owner, "unchanged before the delay");

        vm.warp(executableAt + (late - DELAY));
        registry.executeRecovery(recoveryId);
        assertEq(registry.walletOf(id), newWallet, "recovered after the delay");
        assertEq(registry.identityOf(owner), 0, "old wallet released");
    }

    function testFuzz_guardianSetsNeedTwoToEightGuardiansAndATwoOrMoreThreshold(uint256 count, uint8 threshold) public {
        count = bound(count, 0, 10);
        uint40 validUntil = uint40(block.timestamp + 365 days);
        address owner = makeAddr("owner");
        uint256 id = _registerAs(registrar, keccak256("owner"), 3, validUntil, owner);
        uint256[] memory guardians = new uint256[](count);
        for (uint256 i = 0; i < count; ++i) {
            guardians[i] = _registerAs(
                registrar,
                keccak256(abi.encode("g", i)),
                1,
                validUntil,
                address(uint160(0xA000 + i))
            );
        }
        bool valid = count >= 2 && count <= 8 && threshold >= 2 && threshold <= count;
        if (count < 2 || count > 8) {
            vm.expectRevert(
                abi.encodeWithSelector(IIdentityRecovery.IdentityGuardianCountInvalid.selector, count, 2, 8)
            );
        } else if (!valid) {
            vm.expectRevert(
                abi.encodeWithSelector(IIdentityRecovery.IdentityGuardianThresholdInvalid.selector, threshold, count)
            );
        }
        vm.prank(owner);
        registry.appointGuardians(id, guardians, threshold);
        (, , uint32 pendingEpoch, ) = registry.pendingGuardiansOf(id);
        assertEq(pendingEpoch, valid ? 1 : 0, "pending for the delay, the first set too");
        vm.warp(block.timestamp + DELAY);
        (uint256[] memory stored, uint8 storedThreshold, uint32 epoch) = registry.guardiansOf(id);
        assertEq(stored.length, valid ? count : 0, "guardians in effect");
        assertEq(storedThreshold, valid ? threshold : 0, "threshold");
        assertEq(epoch, valid ? 1 : 0, "epoch");
    }

    function _sign(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }
}
