// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC1155} from "@openzeppelin/contracts/token/ERC1155/IERC1155.sol";
import {IERC1155Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC1155MetadataURI} from "@openzeppelin/contracts/token/ERC1155/extensions/IERC1155MetadataURI.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

import {CityService} from "../common/CityService.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {IEnergyCertificates} from "./IEnergyCertificates.sol";
import {IEnergyMarket} from "./IEnergyMarket.sol";

/**
 * @title EnergyCertificates
 * @notice Identity-keyed ERC-1155 certificates of origin, one token id per delivery interval. See
 * {IEnergyCertificates}.
 */
contract EnergyCertificates is CityService, IERC1155, IERC1155MetadataURI, IERC1155Errors, IEnergyCertificates {
    /// @custom:storage-location erc7201:citychain.storage.EnergyCertificates
    struct EnergyCertificatesStorage {
        IIdentityRegistry registry;
        IEnergyMarket market;
        string baseUri;
        mapping(uint256 id => mapping(uint256 identityId => uint256 amountWh)) balances;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.EnergyCertificates")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _ENERGY_CERTIFICATES_STORAGE =
        0x4cb0ed29ddc10d9ff4ff571fc4b60bb7e6e09a6298186b84d6a9ed3e2384fd00;

    /**
     * @param authority The city's AccessManager.
     * @param registry The identity registry.
     * @param market The energy market.
     * @param baseUri The metadata base URI (the token id is appended).
     */
    function initialize(
        address authority,
        IIdentityRegistry registry,
        IEnergyMarket market,
        string calldata baseUri
    ) external initializer {
        __CityService_init(authority);
        EnergyCertificatesStorage storage $ = _certificates();
        ($.registry, $.market, $.baseUri) = (registry, market, baseUri);
    }

    /// @inheritdoc IEnergyCertificates
    function claim(uint64 interval) external returns (uint256 amountWh) {
        EnergyCertificatesStorage storage $ = _certificates();
        uint256 identityId = $.registry.identityOf(msg.sender);
        if (identityId == 0 || $.registry.walletOf(identityId) != msg.sender) {
            revert EnergyCertificateCallerNotIdentity(msg.sender, identityId);
        }
        uint256 held = $.balances[interval][identityId];
        amountWh = $.market.greenCredit(interval, identityId) - held;
        if (amountWh == 0) revert EnergyCertificateNothingToClaim(interval, identityId);
        $.balances[interval][identityId] = held + amountWh;
        emit CertificatesClaimed(interval, identityId, amountWh);
        emit TransferSingle(msg.sender, address(0), msg.sender, interval, amountWh);
    }

    /// @inheritdoc IEnergyCertificates
    function balanceOfIdentity(uint256 identityId, uint256 id) external view returns (uint256) {
        return _certificates().balances[id][identityId];
    }

    /// @inheritdoc IEnergyCertificates
    function claimed(uint64 interval, uint256 identityId) external view returns (uint256) {
        return _certificates().balances[interval][identityId];
    }

    /// @inheritdoc IEnergyCertificates
    function energyMarket() external view returns (address) {
        return address(_certificates().market);
    }

    /// @inheritdoc IERC1155
    function balanceOf(address account, uint256 id) public view returns (uint256) {
        EnergyCertificatesStorage storage $ = _certificates();
        uint256 identityId = $.registry.identityOf(account);
        if (identityId == 0 || $.registry.walletOf(identityId) != account) return 0;
        return $.balances[id][identityId];
    }

    /// @inheritdoc IERC1155
    function balanceOfBatch(
        address[] calldata accounts,
        uint256[] calldata ids
    ) external view returns (uint256[] memory balances) {
        if (accounts.length != ids.length) revert ERC1155InvalidArrayLength(ids.length, accounts.length);
        balances = new uint256[](accounts.length);
        for (uint256 i = 0; i < accounts.length; ++i) balances[i] = balanceOf(accounts[i], ids[i]);
    }

    /// @inheritdoc IERC1155MetadataURI
    function uri(uint256 id) external view returns (string memory) {
        return string.concat(_certificates().baseUri, Strings.toString(id));
    }

    /// @inheritdoc IERC1155
    function isApprovedForAll(address, address) external pure returns (bool) {
        return false;
    }

    /// @notice Disabled: certificates stay with the identity that received the energy.
    function setApprovalForAll(address, bool) external pure {
        revert EnergyCertificateNonTransferable(0);
    }

    /// @notice Disabled: certificates stay with the identity that received the energy.
    function safeTransferFrom(address, address, uint256 id, uint256, bytes calldata) external pure {
        revert EnergyCertificateNonTransferable(id);
    }

    /// @notice Disabled: certificates stay with the identity that received the energy.
    function safeBatchTransferFrom(
        address,
        address,
        uint256[] calldata,
        uint256[] calldata,
        bytes calldata
    ) external pure {
        revert EnergyCertificateNonTransferable(0);
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return
            interfaceId == type(IERC1155).interfaceId ||
            interfaceId == type(IERC1155MetadataURI).interfaceId ||
            interfaceId == type(IERC165).interfaceId;
    }

    function _certificates() private pure returns (EnergyCertificatesStorage storage $) {
        // ERC-7201: point the struct at its namespace slot.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _ENERGY_CERTIFICATES_STORAGE
        }
    }
}
