// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ConsentHarness} from "../../contracts/mocks/ConsentHarness.sol";
import {IMultiPartyConsent} from "../../contracts/common/IMultiPartyConsent.sol";
import {TestBase} from "../utils/TestBase.sol";

/// @notice Random requests, approvals, declines, executions and time jumps over a consent service.
contract ConsentHandler is TestBase {
    ConsentHarness public immutable consent;
    address[6] internal _people;
    uint256 public requests;
    uint256 public executions;
    mapping(uint256 consentId => uint256) public partiesOf;
    mapping(uint256 consentId => bool) public executed;

    constructor(ConsentHarness consent_) {
        consent = consent_;
        for (uint256 i = 0; i < 6; ++i) _people[i] = address(uint160(0xB0B + i));
    }

    function request(uint256 countSeed, uint256 offsetSeed, uint256 ttl) external {
        uint256 count = bound(countSeed, 1, 6);
        uint256 offset = offsetSeed % 6;
        address[] memory parties = new address[](count);
        for (uint256 i = 0; i < count; ++i) parties[i] = _people[(offset + i) % 6];
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
        consent = new ConsentHarness();
        handler = new ConsentHandler(consent);
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

    function setUp() public {
        consent = new ConsentHarness();
    }

    function testFuzz_executesOnlyWhenEveryPartyApproved(uint256 count, uint256 approving) public {
        count = bound(count, 1, 16);
        approving = bound(approving, 0, count);
        address[] memory parties = new address[](count);
        for (uint256 i = 0; i < count; ++i) parties[i] = address(uint160(0x1000 + i));
        uint256 id = consent.request(keccak256("action"), parties, uint48(block.timestamp + 1 days));
        for (uint256 i = 0; i < approving; ++i) {
            vm.prank(parties[i]);
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
        address party = vm.addr(partyKey);
        address[] memory parties = new address[](1);
        parties[0] = party;
        uint256 id = consent.request(keccak256("action"), parties, uint48(block.timestamp + 1 days));
        uint256 nonce = uint256(id) << 64;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(signerKey, consent.approvalDigest(id, nonce, block.timestamp));
        vm.expectRevert(abi.encodeWithSelector(IMultiPartyConsent.ConsentInvalidSignature.selector, id, party));
        consent.approveBySignature(id, party, nonce, block.timestamp, abi.encodePacked(r, s, v));
        assertFalse(consent.hasApproved(id, party), "approved by a stranger's key");
    }
}
