// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";
import {IERC1155MetadataURI} from "@openzeppelin/contracts/token/ERC1155/extensions/IERC1155MetadataURI.sol";
import {ERC1155Utils} from "@openzeppelin/contracts/token/ERC1155/utils/ERC1155Utils.sol";
import {IERC1155Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {ERC165Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/introspection/ERC165Upgradeable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";

import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {CarbonParties} from "./CarbonParties.sol";
import {ICarbonCommon} from "./ICarbonCommon.sol";

/**
 * @title CarbonUnits
 * @notice The ERC-1155 face of the carbon ledger over balances kept by IDENTITY id, never by wallet.
 * @dev Differences from a plain ERC-1155 (see contracts/carbon/README.md):
 * - `balanceOf(wallet, id)` is the balance of the identity whose CURRENT primary wallet is `wallet` (0 for any
 *   other address, including bound wallets and a wallet replaced by a key recovery): a recovery moves every
 *   unit at once, with no transfer and no event on this contract.
 * - Senders and receivers must be the primary wallets of Active, unexpired identities.
 * - An operator approval is stored per identity together with the wallet that granted it; it lapses when the
 *   identity's primary wallet changes, so a thief's approvals die with the stolen key.
 * - Events carry the wallets current at the time of the change; indexers that follow rights should key them by
 *   identity with `identityOf`.
 * The receiver hooks (`onERC1155Received` / `onERC1155BatchReceived`) are called on contract wallets, after
 * every state change (checks-effects-interactions), also on mints.
 */
abstract contract CarbonUnits is Initializable, ERC165Upgradeable, IERC1155, IERC1155MetadataURI, IERC1155Errors {
    using CarbonParties for IIdentityRegistry;

    /// @custom:storage-location erc7201:citychain.storage.CarbonUnits
    struct CarbonUnitsStorage {
        IIdentityRegistry identity;
        string baseUri;
        mapping(uint256 tokenId => mapping(uint256 identityId => uint256)) balances;
        mapping(uint256 identityId => mapping(address operator => address grantingWallet)) approvals;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.CarbonUnits")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _UNITS_STORAGE = 0xe90a960522e30854241105fce341c941582be65923745511044529e91caa0c00;

    /// @inheritdoc IERC1155
    function balanceOf(address account, uint256 id) public view returns (uint256) {
        CarbonUnitsStorage storage $ = _unitsStorage();
        uint256 holderId = _primaryIdentityOf($.identity, account);
        return holderId == 0 ? 0 : $.balances[id][holderId];
    }

    /// @inheritdoc IERC1155
    function balanceOfBatch(
        address[] calldata accounts,
        uint256[] calldata ids
    ) external view returns (uint256[] memory) {
        if (accounts.length != ids.length) revert ERC1155InvalidArrayLength(ids.length, accounts.length);
        uint256[] memory out = new uint256[](accounts.length);
        for (uint256 i = 0; i < accounts.length; ++i) out[i] = balanceOf(accounts[i], ids[i]);
        return out;
    }

    /**
     * @notice The balance an identity holds of a token id (what `balanceOf` shows under its current wallet).
     * @param identityId The holder identity.
     * @param id The token id.
     */
    function balanceOfIdentity(uint256 identityId, uint256 id) external view returns (uint256) {
        return _unitsStorage().balances[id][identityId];
    }

    /// @inheritdoc IERC1155
    function setApprovalForAll(address operator, bool approved) external {
        CarbonUnitsStorage storage $ = _unitsStorage();
        uint256 ownerId = $.identity.activeIdentityOf(msg.sender);
        if (operator == msg.sender || operator == address(0)) revert ERC1155InvalidOperator(operator);
        $.approvals[ownerId][operator] = approved ? msg.sender : address(0);
        emit ApprovalForAll(msg.sender, operator, approved);
    }

    /// @inheritdoc IERC1155
    function isApprovedForAll(address account, address operator) public view returns (bool) {
        CarbonUnitsStorage storage $ = _unitsStorage();
        uint256 ownerId = _primaryIdentityOf($.identity, account);
        return ownerId != 0 && $.approvals[ownerId][operator] == account;
    }

    /// @inheritdoc IERC1155
    function safeTransferFrom(address from, address to, uint256 id, uint256 value, bytes calldata data) external {
        (uint256 fromId, uint256 toId) = _parties(from, to);
        if (value == 0) revert ICarbonCommon.CarbonZeroAmount();
        _move(id, fromId, toId, from, value);
        emit TransferSingle(msg.sender, from, to, id, value);
        ERC1155Utils.checkOnERC1155Received(msg.sender, from, to, id, value, data);
    }

    /// @inheritdoc IERC1155
    function safeBatchTransferFrom(
        address from,
        address to,
        uint256[] calldata ids,
        uint256[] calldata values,
        bytes calldata data
    ) external {
        if (ids.length != values.length) revert ERC1155InvalidArrayLength(ids.length, values.length);
        (uint256 fromId, uint256 toId) = _parties(from, to);
        for (uint256 i = 0; i < ids.length; ++i) {
            if (values[i] == 0) revert ICarbonCommon.CarbonZeroAmount();
            _move(ids[i], fromId, toId, from, values[i]);
        }
        emit TransferBatch(msg.sender, from, to, ids, values);
        ERC1155Utils.checkOnERC1155BatchReceived(msg.sender, from, to, ids, values, data);
    }

    /**
     * @inheritdoc IERC1155MetadataURI
     * @dev The same template for every id: clients substitute `{id}` with the id as 64 lowercase hex digits.
     */
    function uri(uint256) external view returns (string memory) {
        return string.concat(_unitsStorage().baseUri, "{id}");
    }

    /// @inheritdoc IERC165
    function supportsInterface(
        bytes4 interfaceId
    ) public view virtual override(ERC165Upgradeable, IERC165) returns (bool) {
        return
            interfaceId == type(IERC1155).interfaceId ||
            interfaceId == type(IERC1155MetadataURI).interfaceId ||
            super.supportsInterface(interfaceId);
    }

    // solhint-disable-next-line func-name-mixedcase
    function __CarbonUnits_init(IIdentityRegistry identityRegistry, string calldata baseUri) internal onlyInitializing {
        CarbonUnitsStorage storage $ = _unitsStorage();
        $.identity = identityRegistry;
        $.baseUri = baseUri;
    }

    /// @dev The city's identity registry.
    function _identityRegistry() internal view returns (IIdentityRegistry) {
        return _unitsStorage().identity;
    }

    /**
     * @dev Credits `value` of `id` to identity `toId` and tells its wallet `to` (a mint: `from` is zero), calling
     * the receiver hook on a contract wallet. Effects first, hook last.
     */
    function _mint(uint256 id, uint256 toId, address to, uint256 value) internal {
        _unitsStorage().balances[id][toId] += value;
        emit TransferSingle(msg.sender, address(0), to, id, value);
        ERC1155Utils.checkOnERC1155Received(msg.sender, address(0), to, id, value, "");
    }

    /// @dev Debits `value` of `id` from identity `fromId` (wallet `from`, for the event): a burn.
    function _burn(uint256 id, uint256 fromId, address from, uint256 value) internal {
        _debit(id, fromId, from, value);
        emit TransferSingle(msg.sender, from, address(0), id, value);
    }

    function _move(uint256 id, uint256 fromId, uint256 toId, address from, uint256 value) private {
        _debit(id, fromId, from, value);
        _unitsStorage().balances[id][toId] += value;
    }

    function _debit(uint256 id, uint256 fromId, address from, uint256 value) private {
        mapping(uint256 => uint256) storage balances = _unitsStorage().balances[id];
        uint256 balance = balances[fromId];
        if (balance < value) revert ERC1155InsufficientBalance(from, balance, value, id);
        unchecked {
            balances[fromId] = balance - value;
        }
    }

    /// @dev Resolves a transfer's parties: both primary wallets of Active identities; the caller may act for `from`.
    function _parties(address from, address to) private view returns (uint256 fromId, uint256 toId) {
        IIdentityRegistry registry = _unitsStorage().identity;
        if (to == address(0)) revert ERC1155InvalidReceiver(address(0));
        fromId = registry.activeIdentityOf(from);
        if (from != msg.sender && !isApprovedForAll(from, msg.sender)) {
            revert ERC1155MissingApprovalForAll(msg.sender, from);
        }
        toId = registry.activeIdentityOf(to);
    }

    /// @dev The identity whose current primary wallet is `account`, or 0.
    function _primaryIdentityOf(IIdentityRegistry registry, address account) private view returns (uint256 id) {
        id = registry.identityOf(account);
        if (id != 0 && registry.walletOf(id) != account) id = 0;
    }

    function _unitsStorage() private pure returns (CarbonUnitsStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _UNITS_STORAGE
        }
    }
}
