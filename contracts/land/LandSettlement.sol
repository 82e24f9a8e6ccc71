// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";

import {Accounting} from "../common/Accounting.sol";
import {CityService} from "../common/CityService.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {ILandLiens} from "./ILandLiens.sol";
import {ILandRegistry} from "./ILandRegistry.sol";
import {ILandSettlement} from "./ILandSettlement.sol";
import {LandParties} from "./LandParties.sol";

/**
 * @title LandSettlement
 * @notice Land sales in one signed transaction. See {ILandSettlement}.
 * @dev Calls the registry (`settleSale`) and the lien register (`dischargeForSale`) as a LAND_MODULE. Holds no
 * money: the price moves from the buyer's wallet to the payees in the same call. Its EIP-712 name and version
 * are constants and its four links immutables of the implementation (no storage read per signature or link;
 * changing a link takes an upgrade). Behind a UUPS proxy ({CityService}); its ERC-7201 namespace keeps the
 * links' former slots, unused.
 */
contract LandSettlement is CityService, EIP712Upgradeable, ReentrancyGuardTransient, ILandSettlement {
    using SafeERC20 for IERC20;

    /// @notice The EIP-712 type every party signs; `party` is the signer's identity id.
    bytes32 public constant DEED_TERMS_TYPEHASH = keccak256(
        "DeedTerms(uint64 party,uint256 parcelId,uint64 buyerId,uint256 price,bytes32 liens,uint256 revision,"
        "uint256 deadline)"
    );

    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    ILandRegistry private immutable _REGISTRY;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    ILandLiens private immutable _LIENS;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IIdentityRegistry private immutable _IDENTITY;
    /// @custom:oz-upgrades-unsafe-allow state-variable-immutable
    IERC20 private immutable _TOKEN;

    /// @dev Unused since the links became immutables (kept for the storage layout).
    /// @custom:storage-location erc7201:citychain.storage.LandSettlement
    struct LandSettlementStorage {
        ILandRegistry registry;
        ILandLiens liens;
        IIdentityRegistry identity;
        IERC20 token;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.LandSettlement")) - 1)) & ~bytes32(uint256(0xff))
    // (the namespace's location; nothing reads it since the links became immutables)
    bytes32 private constant _LAND_SETTLEMENT_STORAGE =
        0x3cad46cb5c2124ffe115ceff9f03e0a1a83334ee23d515f285c2405e39e82100;

    /// @dev What one settlement carries between its steps (in memory: the steps are stack-bound).
    struct Sale {
        address buyer; // the buyer identity's current primary wallet
        uint8 level; // the land service's minimum assurance level
        uint256 payoff; // the liens paid off from the price
    }

    /**
     * @notice The implementation's links (immutables; see {ILandSettlement-links}).
     * @param registry The land title register.
     * @param liens The lien register.
     * @param identityRegistry The city's identity registry.
     * @param settlementToken The city's settlement token (the price currency, EIP-2612).
     * @custom:oz-upgrades-unsafe-allow constructor
     */
    constructor(ILandRegistry registry, ILandLiens liens, IIdentityRegistry identityRegistry, IERC20 settlementToken) {
        _REGISTRY = registry;
        _LIENS = liens;
        _IDENTITY = identityRegistry;
        _TOKEN = settlementToken;
    }

    /// @param authority The city's AccessManager.
    function initialize(address authority) external initializer {
        __CityService_init(authority);
        // The name and version are also constants (`_EIP712Name`, `_EIP712Version`); initialising them keeps
        // OpenZeppelin's upgrade validator's initializer check whole.
        __EIP712_init(_EIP712Name(), _EIP712Version());
    }

    /// @inheritdoc ILandSettlement
    function settle(
        DeedTerms calldata terms,
        bytes[] calldata sellerSignatures,
        bytes calldata buyerSignature,
        Permit calldata permit
    ) external restricted nonReentrant {
        if (block.timestamp > terms.deadline) revert SettlementExpired(terms.deadline, block.timestamp);
        if (terms.price == 0 || terms.price > type(uint96).max) revert SettlementPriceInvalid(terms.price);
        // The land level is read once; each party (buyer, then each seller) costs one identity-registry call.
        Sale memory sale;
        sale.level = LandParties.minLevel(_IDENTITY);
        sale.buyer = _landParty(terms.buyerId, sale.level);
        _checkSignature(terms, terms.buyerId, sale.buyer, buyerSignature);
        ILandRegistry.Share[] memory owners = _execute(terms, sale, permit);
        if (sellerSignatures.length != owners.length)
            revert SettlementSignatureCountInvalid(terms.parcelId, owners.length, sellerSignatures.length);
        _paySellers(terms, owners, sellerSignatures, sale);
        emit SaleSettled(terms.parcelId, terms.buyerId, terms.price, sale.payoff, terms.revision, msg.sender);
    }

    /// @inheritdoc ILandSettlement
    function links() external view returns (address registry, address liens, address identity, address token) {
        return (address(_REGISTRY), address(_LIENS), address(_IDENTITY), address(_TOKEN));
    }

    /// @inheritdoc ILandSettlement
    function termsDigest(DeedTerms calldata terms, uint64 party) external view returns (bytes32) {
        return MessageHashUtils.toTypedDataHash(_domainSeparatorV4(), _structHash(terms, party));
    }

    // solhint-disable-next-line func-name-mixedcase
    function _EIP712Name() internal pure override returns (string memory) {
        return "citychain LandSettlement";
    }

    // solhint-disable-next-line func-name-mixedcase
    function _EIP712Version() internal pure override returns (string memory) {
        return "1";
    }

    /// @dev The buyer's permit if needed; liens first (priority order), then the title (the chain of title reads
    /// the payoffs, then the sale). The caller then pays the sellers it returns.
    function _execute(
        DeedTerms calldata terms,
        Sale memory sale,
        Permit calldata permit
    ) private returns (ILandRegistry.Share[] memory owners) {
        address buyer = sale.buyer;
        if (permit.deadline != 0 && _TOKEN.allowance(buyer, address(this)) < terms.price) {
            IERC20Permit(address(_TOKEN)).permit(
                buyer,
                address(this),
                terms.price,
                permit.deadline,
                permit.v,
                permit.r,
                permit.s
            );
        }
        uint256 paidLiens;
        (paidLiens, sale.payoff) = _discharge(terms, buyer);
        // One call checks the revision (the signed one plus the payoffs just recorded), the freeze, the deed
        // lock and the liens when none were accepted, moves the title to the buyer (checked above, its wallet
        // passed on for the ERC-721 Transfer) and records the sale.
        owners = _REGISTRY.settleSale(
            terms.parcelId,
            terms.buyerId,
            buyer,
            uint96(terms.price),
            terms.revision + paidLiens,
            terms.liens != bytes32(0)
        );
    }

    /// @dev Checks the accepted liens, pays them off on the lien register (in its priority order) and pays
    /// their holders from the buyer's wallet.
    function _discharge(DeedTerms calldata terms, address buyer) private returns (uint256 paidLiens, uint256 payoff) {
        if (terms.liens == bytes32(0)) return (0, 0);
        bytes32 current = _LIENS.encumbranceHash(terms.parcelId);
        if (current != terms.liens) revert SettlementLiensNotAccepted(terms.parcelId, terms.liens, current);
        (uint256[] memory holderIds, uint256[] memory payoffs) = _LIENS.dischargeForSale(terms.parcelId, 0);
        paidLiens = holderIds.length;
        for (uint256 i = 0; i < paidLiens; ++i) payoff += payoffs[i];
        if (payoff > terms.price) revert SettlementPriceBelowPayoff(terms.price, payoff);
        for (uint256 i = 0; i < paidLiens; ++i) {
            if (payoffs[i] == 0) continue;
            _TOKEN.safeTransferFrom(buyer, _partyWallet(uint64(holderIds[i])), payoffs[i]);
            emit SettlementLienPaid(terms.parcelId, holderIds[i], payoffs[i]);
        }
    }

    /// @dev Checks each co-owner (a land party, signing from its current wallet) and pays its pro-rata part.
    function _paySellers(
        DeedTerms calldata terms,
        ILandRegistry.Share[] memory owners,
        bytes[] calldata signatures,
        Sale memory sale
    ) private {
        IERC20 token = _TOKEN;
        uint256 count = owners.length;
        uint256 proceeds = terms.price - sale.payoff;
        uint256 credited;
        for (uint256 i = 0; i < count; ++i) {
            uint64 sellerId = owners[i].identityId;
            if (sellerId == terms.buyerId) revert SettlementBuyerIsOwner(sellerId);
            address wallet = _landParty(sellerId, sale.level);
            _checkSignature(terms, sellerId, wallet, signatures[i]);
            uint256 part;
            (part, credited) = Accounting.proRataPart(proceeds, credited, owners[i].bps, i + 1 == count);
            if (part == 0) continue;
            token.safeTransferFrom(sale.buyer, wallet, part);
            emit SettlementSellerPaid(terms.parcelId, sellerId, wallet, part);
        }
    }

    /// @dev A land party's current primary wallet (one identity-registry call); reverts unless it is one now.
    function _landParty(uint64 partyId, uint8 level) private view returns (address wallet) {
        wallet = LandParties.walletOfParty(_IDENTITY, partyId, level);
        if (wallet == address(0)) revert SettlementPartyNotVerified(partyId);
    }

    /// @dev The party's current primary wallet, provided its identity still holds it (not revoked).
    function _partyWallet(uint64 partyId) private view returns (address wallet) {
        wallet = _IDENTITY.walletOf(partyId);
        if (wallet == address(0) || _IDENTITY.identityOf(wallet) != partyId) revert SettlementPartyUnavailable(partyId);
    }

    /// @dev ECDSA first (an EOA, or a contract wallet's key can never recover to the contract), then ERC-1271.
    function _checkSignature(
        DeedTerms calldata terms,
        uint64 party,
        address wallet,
        bytes calldata signature
    ) private view {
        bytes32 digest = MessageHashUtils.toTypedDataHash(_domainSeparatorV4(), _structHash(terms, party));
        (address recovered, ECDSA.RecoverError err, ) = ECDSA.tryRecoverCalldata(digest, signature);
        if (err == ECDSA.RecoverError.NoError && recovered == wallet) return;
        if (!SignatureChecker.isValidERC1271SignatureNowCalldata(wallet, digest, signature))
            revert SettlementSignatureInvalid(party, wallet);
    }

    function _structHash(DeedTerms calldata terms, uint64 party) private pure returns (bytes32) {
        return
            keccak256(
                abi.encode(
                    DEED_TERMS_TYPEHASH,
                    party,
                    terms.parcelId,
                    terms.buyerId,
                    terms.price,
                    terms.liens,
                    terms.revision,
                    terms.deadline
                )
            );
    }
}
