// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";
import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ERC165, IERC165} from "@openzeppelin/contracts/utils/introspection/ERC165.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {ILandRegistry} from "./ILandRegistry.sol";
import {LandRegisterCore} from "./LandRegisterCore.sol";

/**
 * @title LandTitles
 * @notice The ERC-721 face of the land register, so that wallets and explorers show titles.
 * @dev Ownership lives in the register by identity id. The ERC-721 holder of a sole-owned title is the
 * owner identity's current primary wallet, read live from the identity registry: after a key recovery the
 * title shows under the new wallet with no transfer. A co-owned title is held by the register itself, in
 * trust for its co-owners (see `ownersOf`). `Transfer` events are emitted when a title is minted, conveyed
 * by a deed or retired. Transfers and approvals revert with {ILandRegistry-LandTransferRequiresDeed}.
 * Upgradeable: its state lives in its own ERC-7201 namespace ({LandRegisterCore}), set by {__LandTitles_init}.
 */
abstract contract LandTitles is
    Initializable,
    LandRegisterCore,
    ERC165,
    IERC721,
    IERC721Metadata,
    IERC721Errors,
    ILandRegistry
{
    /// @inheritdoc IERC721Metadata
    function name() external pure returns (string memory) {
        return "City Land Title";
    }

    /// @inheritdoc IERC721Metadata
    function symbol() external pure returns (string memory) {
        return "TITLE";
    }

    /// @inheritdoc IERC721Metadata
    function tokenURI(uint256 tokenId) external view returns (string memory) {
        _requireLiveTitle(tokenId);
        return string.concat(_landTitlesStorage().baseTokenURI, Strings.toString(tokenId));
    }

    /// @inheritdoc IERC721
    function balanceOf(address owner) external view returns (uint256) {
        if (owner == address(0)) revert ERC721InvalidOwner(address(0));
        LandTitlesStorage storage $ = _landTitlesStorage();
        if (owner == address(this)) return $.coOwnedTitles;
        uint256 identityId = $.identity.identityOf(owner);
        if (identityId == 0 || $.identity.walletOf(identityId) != owner) return 0;
        return $.titleCount[identityId];
    }

    /// @inheritdoc IERC721
    function ownerOf(uint256 tokenId) external view returns (address) {
        _requireLiveTitle(tokenId);
        return _holderOf(tokenId);
    }

    /// @inheritdoc IERC721
    function getApproved(uint256 tokenId) external view returns (address) {
        _requireLiveTitle(tokenId);
        return address(0);
    }

    /// @inheritdoc IERC721
    function isApprovedForAll(address, address) external pure returns (bool) {
        return false;
    }

    /// @notice Disabled: titles move only through a deed.
    function approve(address, uint256 tokenId) external pure {
        revert LandTransferRequiresDeed(tokenId);
    }

    /// @notice Disabled: titles move only through a deed.
    function setApprovalForAll(address, bool) external pure {
        revert LandTransferRequiresDeed(0);
    }

    /// @notice Disabled: titles move only through a deed.
    function transferFrom(address, address, uint256 tokenId) external pure {
        revert LandTransferRequiresDeed(tokenId);
    }

    /// @notice Disabled: titles move only through a deed.
    function safeTransferFrom(address, address, uint256 tokenId) external pure {
        revert LandTransferRequiresDeed(tokenId);
    }

    /// @notice Disabled: titles move only through a deed.
    function safeTransferFrom(address, address, uint256 tokenId, bytes calldata) external pure {
        revert LandTransferRequiresDeed(tokenId);
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) public view override(ERC165, IERC165) returns (bool) {
        return
            interfaceId == type(IERC721).interfaceId ||
            interfaceId == type(IERC721Metadata).interfaceId ||
            super.supportsInterface(interfaceId);
    }

    /// @notice Sets the identity registry and the token URI prefix; call it from the register's `initialize`.
    // solhint-disable-next-line func-name-mixedcase
    function __LandTitles_init(
        IIdentityRegistry identityRegistry,
        string memory baseTokenURI
    ) internal onlyInitializing {
        LandTitlesStorage storage $ = _landTitlesStorage();
        $.identity = identityRegistry;
        $.baseTokenURI = baseTokenURI;
    }
}
