// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPasskeyRegistry} from "../../contracts/identity/IPasskeyRegistry.sol";
import {PasskeyKeyRecord} from "../../contracts/identity/PasskeyKeyRecord.sol";
import {TestBase} from "../utils/TestBase.sol";

/// @notice A key record keeps the identity, the counter and the key's 152-bit commitment apart, for every input.
contract PasskeyKeyRecordTest is TestBase {
    IPasskeyRegistry.Passkey private _key;

    function testFuzz_packKeepsEveryField(bytes32 qx, bytes32 qy, uint64 identityId, uint32 walletChange) public pure {
        uint256 record = PasskeyKeyRecord.pack(qx, qy, identityId, walletChange);
        assertEq(uint64(record), identityId, "identity");
        assertEq(uint32(record >> 64), walletChange, "wallet change");
        assertEq(record & PasskeyKeyRecord.REMOVED, 0, "not removed");
        assertEq(record & PasskeyKeyRecord.COMMITMENT_MASK, PasskeyKeyRecord.commitment(qx, qy), "commitment");
        assertEq(PasskeyKeyRecord.commitment(qx, qy) >> 104, uint256(keccak256(abi.encode(qx, qy))) >> 104, "top 152");
    }

    function testFuzz_anotherKeyAnotherCommitment(bytes32 qx, bytes32 qy, bytes32 other) public pure {
        vm.assume(other != qx);
        assertTrue(PasskeyKeyRecord.commitment(qx, qy) != PasskeyKeyRecord.commitment(other, qy), "x");
        assertTrue(PasskeyKeyRecord.commitment(qy, qx) != PasskeyKeyRecord.commitment(qy, other), "y");
    }

    function testFuzz_fromPasskey(
        bytes32 qx,
        bytes32 qy,
        uint64 identityId,
        uint32 walletChange,
        uint40 removedAt
    ) public {
        _key = IPasskeyRegistry.Passkey(qx, qy, identityId, walletChange, 1, removedAt, 0);
        uint256 record = PasskeyKeyRecord.fromPasskey(_key);
        if (identityId == 0) {
            assertEq(record, 0, "unknown");
            return;
        }
        uint256 removed = removedAt == 0 ? 0 : PasskeyKeyRecord.REMOVED;
        assertEq(record, PasskeyKeyRecord.pack(qx, qy, identityId, walletChange) | removed, "record");
    }
}
