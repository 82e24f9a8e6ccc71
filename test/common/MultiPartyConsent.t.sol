// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ConsentHarness} from "../../contracts/mocks/ConsentHarness.sol";
import {IMultiPartyConsent} from "../../contracts/common/IMultiPartyConsent.sol";
import {IIdentityRegistry} from "../../contracts/identity/IIdentityRegistry.sol";
import {IdentityRegistryMock} from "../../contracts/mocks/IdentityRegistryMock.sol";
import {Proxies} from "../utils/Proxies.sol";
import {TestBase} from "../utils/TestBase.sol";

/// @notice Random requests, approvals, declines, executions and time jumps over a consent service.
contract ConsentHandler is TestBase {
    ConsentHarness public immutable consent;
    address[6] internal _people;
    uint256 public requests;
    uint256 public executions;
    mapping(uint256 consentId => uint256) public partiesOf;
    mapping(uint256 consentId => bool) public executed;

    constructor(ConsentHarness consent_, IdentityRegistryMock identity) {
        consent = consent_;
        for (uint256 i = 0; i < 6; ++i) {
            _people[i] = address(uint160(0xB0B + i));
            identity.set(i + 1, _people[i]);
        }
    }

    function request(uint256 countSeed, uint256 offsetSeed, uint256 ttl) external {
        uint256 count = bound(countSeed, 1, 6);
        uint256 offset = offsetSeed % 6;
        uint256[] memory parties = new uint256[](count);
        for (uint256 i = 0; i < count; ++i) parties[i] = ((offset + i) % 6) + 1;
        uint48 deadline = uint48(block.timestamp + bound(ttl, 1, 30 days));
        uint256 id = consent.request(keccak256(abi.encode(++requests)), parties, deadline);
        partiesOf[id] = count;
    }

    function approve(uint256 idSeed, uint256 personSeed) external {
        if (requests == 0) return;
        uint256 id = bound(idSeed, 1, requests);
        vm.prank(_people[personSeed % 6]);
        try consent.approve(id) {} catch {}
    }

    function decline(uint256 idSeed, uint256 personSeed) external {
        if (requests == 0) return;
        uint256 id = bound(idSeed, 1, requests);
        vm.prank(_people[personSeed % 6]);
        try consent.decline(id) {} catch {}
    }

    function execute(uint256 idSeed) external {
        if (requests == 0) return;
        uint256 id = bound(idSeed, 1, requests);
        IMultiPartyConsent.ConsentRequest memory before = consent.consentRequest(id);
        try consent.execute(id, keccak256(abi.encode(id))) {
            // It went through: it must have been complete and in time.
            assertEq(before.approvals, before.partyCount, "executed without every approval");
            assertLe(block.timestamp, before.deadline, "executed after the deadline");
            assertTrue(!executed[id], "executed twice");
            executed[id] = true;
            ++executions;
        } catch {}
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 7 days));
    }
}

contract ConsentInvariantTest is TestBase {
    ConsentHarness internal consent;
    ConsentHandler internal handler;

    function setUp() public {
        IdentityRegistryMock identity = new IdentityRegistryMock();
        consent = ConsentHarness(
            Proxies.deploy(
                address(new ConsentHarness()),
                abi.encodeCall(ConsentHarness.initialize, (address(this), IIdentityRegistry(address(identity))))
            )
        );
        handler = new ConsentHandler(consent, identity);
        targetContract(address(handler));
    }

    /// Approvals never exceed the parties, and an executed request had every party's approval.
    function invariant_approvalsBoundedAndExecutionComplete() public view {
        uint256 n = handler.requests();
        for (uint256 id = 1; id <= n; ++id) {
            IMultiPartyConsent.ConsentRequest memory r = consent.consentRequest(id);
            assertLe(r.approvals, r.partyCount, "approvals > parties");
            assertEq(r.partyCount, handler.partiesOf(id), "party count changed");
            if (r.status == IMultiPartyConsent.ConsentStatus.Executed) {
                assertEq(r.approvals, r.partyCount, "executed incomplete");
                assertTrue(handler.executed(id), "executed outside the handler");
            }
        }
    }
}

contract ConsentFuzzTest is TestBase {
    ConsentHarness internal consent;
    IdentityRegistryMock internal identity;

    function setUp() public {
        identity = new IdentityRegistryMock();
        consent = ConsentHarness(
            Proxies.deploy(
                address(new ConsentHarness()),
                abi.encodeCall(ConsentHarness.initialize, (address(this), IIdentityRegistry(address(identity))))
            )
        );
    }

    function testFuzz_executesOnlyWhenEveryPartyApproved(uint256 count, uint256 approving) public {
        count = bound(count, 1, 17);
        approving = bound(approving, 0, count);
        uint256[] memory parties = new uint256[](count);
        for (uint256 i = 0; i < count; ++i) {
            parties[i] = i + 1;
            identity.set(i + 1, address(uint160(0x1000 + i)));
        }
        uint256 id = consent.request(keccak256("action"), parties, uint48(block.timestamp + 1 days));
        for (uint256 i = 0; i < approving; ++i) {
            vm.prank(address(uint160(0x1000 + i)));
            consent.approve(id);
        }
        if (approving < count) {
            vm.expectRevert(
                abi.encodeWithSelector(IMultiPartyConsent.ConsentIncomplete.selector, id, approving, count)
            );
        }
        consent.execute(id, keccak256("action"));
        assertEq(consent.isConsentComplete(id) ? 1 : 0, 0, "still complete after execution or incomplete");
    }

    function testFuzz_signatureByAnotherKeyNeverApproves(uint256 signerSeed, uint256 partySeed) public {
        uint256 signerKey = bound(signerSeed, 1, 1e30);
        uint256 partyKey = bound(partySeed, 1, 1e30);
        vm.assume(signerKey != partyKey);
        uint256 party = 7;
        identity.set(party, vm.addr(partyKey));
        uint256[] memory parties = new uint256[](1);
        parties[0] = party;
        uint256 id = consent.request(keccak256("action"), parties, uint48(block.timestamp + 1 days));
        uint256 nonce = uint256(id) << 64;
        bytes32 digest = consent.approvalDigest(id, party, nonce, block.timestamp);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(signerKey, digest);
        vm.expectRevert(abi.encodeWithSelector(IMultiPartyConsent.ConsentInvalidSignature.selector, id, party));
        consent.approveBySignature(id, party, nonce, block.timestamp, abi.encodePacked(r, s, v));
        assertFalse(consent.hasApproved(id, party), "approved by a stranger's key");
    }

    /// H-01: after a recovery, a signature by the previous key never approves; the new key's does.
    function testFuzz_signatureByKeyBeforeRecoveryDies(uint256 oldSeed, uint256 newSeed) public {
        uint256 oldKey = bound(oldSeed, 1, 1e30);
        uint256 newKey = bound(newSeed, 1, 1e30);
        vm.assume(oldKey != newKey);
        uint256 party = 7;
        identity.set(party, vm.addr(oldKey));
        uint256[] memory parties = new uint256[](1);
        parties[0] = party;
        uint256 id = consent.request(keccak256("action"), parties, uint48(block.timestamp + 1 days));
        uint256 nonce = uint256(id) << 64;
        bytes32 digest = consent.approvalDigest(id, party, nonce, block.timestamp);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(oldKey, digest);
        identity.recover(party, vm.addr(newKey));
        vm.expectRevert(abi.encodeWithSelector(IMultiPartyConsent.ConsentInvalidSignature.selector, id, party));
        consent.approveBySignature(id, party, nonce, block.timestamp, abi.encodePacked(r, s, v));
        (v, r, s) = vm.sign(newKey, digest);
        consent.approveBySignature(id, party, nonce, block.timestamp, abi.encodePacked(r, s, v));
        assertTrue(consent.hasApproved(id, party), "new key's approval");
    }
}
