// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";
import {IERC1155Receiver} from "@openzeppelin/contracts/token/ERC1155/IERC1155Receiver.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

import {ICarbonCredits} from "../../carbon/ICarbonCredits.sol";

/**
 * @title HostileCarbonReceiver
 * @notice A contract wallet for the carbon ledger's receiver-hook tests. Registered as an identity's primary
 * wallet, it answers the ERC-1155 hooks in one of several ways: accept, reject (wrong magic value), re-enter by
 * retiring what it just received, or re-enter by sending on more than it holds.
 */
contract HostileCarbonReceiver is IERC1155Receiver {
    enum Mode {
        Accept,
        Reject,
        ReenterRetire,
        ReenterOverspend
    }

    ICarbonCredits public immutable LEDGER;
    Mode public mode;
    uint256 public beneficiaryId; // also its own identity id: it retires for itself
    address public forwardTo;

    constructor(ICarbonCredits ledger_) {
        LEDGER = ledger_;
    }

    /// @notice Chooses how the next hooks answer.
    function setMode(Mode mode_, uint256 beneficiaryId_, address forwardTo_) external {
        mode = mode_;
        beneficiaryId = beneficiaryId_;
        forwardTo = forwardTo_;
    }

    /// @notice Sends units from this wallet (it is an identity's primary wallet).
    function send(address to, uint256 id, uint256 amount) external {
        IERC1155(address(LEDGER)).safeTransferFrom(address(this), to, id, amount, "");
    }

    /// @inheritdoc IERC1155Receiver
    function onERC1155Received(address, address, uint256 id, uint256 value, bytes calldata) external returns (bytes4) {
        if (mode == Mode.Reject) return 0xdeadbeef;
        if (mode == Mode.ReenterRetire)
            LEDGER.retire(beneficiaryId, id, uint64(value), beneficiaryId, "retired on receipt");
        if (mode == Mode.ReenterOverspend)
            IERC1155(address(LEDGER)).safeTransferFrom(address(this), forwardTo, id, value + 1, "");
        return IERC1155Receiver.onERC1155Received.selector;
    }

    /// @inheritdoc IERC1155Receiver
    function onERC1155BatchReceived(
        address,
        address,
        uint256[] calldata,
        uint256[] calldata,
        bytes calldata
    ) external view returns (bytes4) {
        if (mode == Mode.Reject) return 0xdeadbeef;
        return IERC1155Receiver.onERC1155BatchReceived.selector;
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == type(IERC1155Receiver).interfaceId || interfaceId == type(IERC165).interfaceId;
    }
}
