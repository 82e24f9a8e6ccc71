// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MessageHashUtils} from "@openzeppelin/contracts/utils/cryptography/MessageHashUtils.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {Accounting} from "../common/Accounting.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {ILandLiens} from "./ILandLiens.sol";
import {ILandRegistry} from "./ILandRegistry.sol";
import {ILandSettlement} from "./ILandSettlement.sol";
import {LandParties} from "./LandParties.sol";
import {LandRegisterCore} from "./LandRegisterCore.sol";
import {LandRevisions} from "./LandRevisions.sol";

/**
 * @title LandSettlementModule
 * @notice Land sales in one signed transaction, run by the land register (`LandRegistry.settleSigned`) in its own
 * storage by `DELEGATECALL`. See {ILandSettlement}.
 * @dev Not a proxy and stateless: its links (identity registry, token) are immutables, the lien register's address
 * is the register's ({LandRegisterCore}'s LandSaleLinks namespace), and the parcel state it changes is the
 * register's, through the register's own internal steps ({LandRegisterCore}). Its address is an immutable of the
 * register's implementation, so changing it is an upgrade of the register (timelocked by UPGRADER's delay). It
 * refuses a direct call ({SettlementModuleDirectCall}): in its own storage it has no parcel anyway. The EIP-712
 * domain is the register's (`verifyingContract` = the register's proxy, `address(this)` under `DELEGATECALL`).
 */
contract LandSettlementModule is LandRegisterCore, ReentrancyGuardTransient, ILandSettlement {
    using SafeERC20 for IERC20;

    /// @notice The EIP-712 type every party signs; `party` is the signer's identity id.
    bytes32 public constant DEED_TERMS_TYPEHASH = keccak256(
        "DeedTerms(uint64 party,uint256 parcelId,uint64 buyerId,uint256 price,bytes32 liens,uint256 revision,"
        "uint256 deadline)"
    );
    /// @dev keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)")
    bytes32 private constant _DOMAIN_TYPEHASH = 0x8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f;
    /// @dev keccak256("citychain LandSettlement"): the domain's name (kept from the former settlement proxy).
    bytes32 private constant _NAME_HASH = 0x94af687a3bd0febb3b884993b48fbc55bf5a3cf1e04d664ee688005d4229154e;
    /// @dev keccak256("2"): version 2, the register's domain (version 1 was the LandSettlement proxy's).
    bytes32 private constant _VERSION_HASH = 0xad7c5bef027816a800da1736444fb58a807ef4c9603b7848673f7e3a68eb14a5;

    IIdentityRegistry private immutable _IDENTITY;
    IERC20 private immutable _TOKEN;
    address private immutable _SELF;

    /// @dev What one settlement carries between its steps (in memory: the steps are stack-bound).
    struct Sale {
        address buyer; // the buyer identity's current primary wallet
        uint8 level; // the land service's minimum assurance level
        uint256 payoff; // the liens paid off from the price
    }

    /**
     * @param identityRegistry The city's identity registry (the register's).
     * @param settlementToken The city's settlement token (the price currency, EIP-2612).
     */
    constructor(IIdentityRegistry identityRegistry, IERC20 settlementToken) {
        _IDENTITY = identityRegistry;
        _TOKEN = settlementToken;
        _SELF = address(this);
    }

    /// @inheritdoc ILandSettlement
    function settleSigned(
        DeedTerms calldata terms,
        bytes[] calldata sellerSignatures,
        bytes calldata buyerSignature,
        Permit calldata permit
    ) external nonReentrant {
        if (address(this) == _SELF) revert SettlementModuleDirectCall();
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

    /**
     * @notice The module's immutable links.
     * @return identity The city's identity registry.
     * @return token The settlement token (the price currency).
     */
    function links() external view returns (address identity, address token) {
        return (address(_IDENTITY), address(_TOKEN));
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
        owners = _settleTitle(terms, buyer, terms.revision + paidLiens);
    }

    /// @dev Checks the revision (the signed one plus the payoffs just recorded), the freeze, the deed lock and the
    /// liens when none were accepted, moves the title to the buyer (checked, its wallet resolved) and records the
    /// sale as a SOLD revision (`ref = buyerId << 96 | price`).
    function _settleTitle(
        DeedTerms calldata terms,
        address buyer,
        uint256 revision
    ) private returns (ILandRegistry.Share[] memory previous) {
        uint256 parcelId = terms.parcelId;
        ILandRegistry.Parcel storage p = _activeParcel(parcelId);
        if (p.frozen) revert ILandRegistry.LandParcelFrozen(parcelId);
        if (p.lockedByDeed != 0) revert ILandRegistry.LandParcelLocked(parcelId, p.lockedByDeed);
        uint256 current = _revisionOf(parcelId);
        if (current != revision) revert ILandRegistry.LandRevisionStale(parcelId, revision, current);
        uint256 liens = terms.liens != bytes32(0) ? 0 : _registryStorage().activeLiens[parcelId];
        if (liens != 0) revert ILandRegistry.LandParcelEncumbered(parcelId, liens);
        previous = _convey(parcelId, p, 0, terms.buyerId, buyer);
        _revise(parcelId, LandRevisions.SOLD, (uint192(terms.buyerId) << 96) | uint96(terms.price));
    }

    /// @dev Checks the accepted liens, pays them off on the lien register (in its priority order) and pays
    /// their holders from the buyer's wallet.
    function _discharge(DeedTerms calldata terms, address buyer) private returns (uint256 paidLiens, uint256 payoff) {
        if (terms.liens == bytes32(0)) return (0, 0);
        ILandLiens liens = ILandLiens(_saleLinksStorage().liens);
        if (address(liens) == address(0)) revert SettlementLiensUnlinked();
        bytes32 current = liens.encumbranceHash(terms.parcelId);
        if (current != terms.liens) revert SettlementLiensNotAccepted(terms.parcelId, terms.liens, current);
        (uint256[] memory holderIds, uint256[] memory payoffs) = liens.dischargeForSale(terms.parcelId, 0);
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
        bytes32 domain = keccak256(
            abi.encode(_DOMAIN_TYPEHASH, _NAME_HASH, _VERSION_HASH, block.chainid, address(this))
        );
        bytes32 digest = MessageHashUtils.toTypedDataHash(domain, _structHash(terms, party));
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
