// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/**
 * @title ILandSettlement
 * @notice A land sale in one signed transaction. Every co-owner and the buyer sign the same deed terms as
 * EIP-712 typed data ({DeedTerms}, each naming its own party identity; domain name "citychain LandSettlement",
 * version "2", `verifyingContract` the land register's proxy): the parcel, the buyer identity, the
 * price, the parcel's active liens they accept (`liens`, the lien register's `encumbranceHash`), the parcel's
 * revision (its chain-of-title length, the nonce) and a deadline. The land registrar submits the signatures
 * to the land register (`settleSigned`) with the buyer's EIP-2612 permit to the register (or relies on a standing
 * allowance); its call is its approval. In one
 * transaction: every signature is checked against the party identity's CURRENT primary wallet (EOA or
 * ERC-1271), payable liens are paid off in priority order, the sellers are paid pro rata to their shares,
 * the title moves to the buyer and the chain of title records the sale (revision kind SOLD). Every change of
 * the parcel (a sale, a freeze, a new or paid lien, a succession) moves its revision on, so a signature can
 * never be used twice and a signature made before such a change is dead; a key recovery changes the
 * party's wallet, so the old key's signature is dead too. The multi-transaction deed office (`LandDeeds`)
 * stays for parties who approve by transaction.
 *
 * Payments go straight from the buyer's wallet to each payee identity's current primary wallet (the city's
 * settlement token has no transfer hooks); a payee whose identity no longer holds its wallet (revoked) makes
 * the settlement revert, and the sale then goes through the deed office, which credits identities.
 *
 * | from          | to                 | by             | function |
 * |---------------|--------------------|----------------|----------|
 * | signed terms  | sold (revision +1) | LAND_REGISTRAR | settleSigned (on the register) |
 */
interface ILandSettlement {
    /// @notice What every party signs (the EIP-712 message; `party` is the signer's identity id).
    struct DeedTerms {
        uint256 parcelId;
        uint64 buyerId;
        uint256 price;
        bytes32 liens; // the lien register's encumbranceHash(parcelId) the parties accept (0: no liens)
        uint256 revision; // the parcel's revisionCount when signed
        uint256 deadline;
    }

    /// @notice The buyer's EIP-2612 permit for the price (`deadline == 0`: use the standing allowance).
    struct Permit {
        uint256 deadline;
        uint8 v;
        bytes32 r;
        bytes32 s;
    }

    /// @notice The terms' deadline passed.
    error SettlementExpired(uint256 deadline, uint256 nowTimestamp);
    /// @notice The price is zero or does not fit 96 bits.
    error SettlementPriceInvalid(uint256 price);
    /// @notice There must be exactly one signature per current co-owner, in the register's owner order.
    error SettlementSignatureCountInvalid(uint256 parcelId, uint256 expected, uint256 actual);
    /// @notice The party's signature is not valid for these terms from its identity's current primary wallet.
    error SettlementSignatureInvalid(uint64 partyId, address wallet);
    /// @notice The party's identity no longer holds its primary wallet (revoked, or unknown).
    error SettlementPartyUnavailable(uint64 partyId);
    /// @notice A co-owner is not a verified land party (or the buyer is not).
    error SettlementPartyNotVerified(uint64 partyId);
    /// @notice The buyer already owns a share of the parcel.
    error SettlementBuyerIsOwner(uint64 buyerId);
    /// @notice The parcel's active liens are not the ones the parties accepted.
    error SettlementLiensNotAccepted(uint256 parcelId, bytes32 accepted, bytes32 current);
    /// @notice The price does not cover the liens the sale pays off.
    error SettlementPriceBelowPayoff(uint256 price, uint256 payoff);
    /// @notice The settlement module was called directly, not by the register's `DELEGATECALL`.
    error SettlementModuleDirectCall();
    /// @notice Liens were accepted but the register's ADMIN has not linked the lien register yet.
    error SettlementLiensUnlinked();

    /// @notice A lien holder was paid off from the price (in priority order).
    event SettlementLienPaid(uint256 indexed parcelId, uint256 indexed holderId, uint256 amount);
    /// @notice A seller was paid its pro-rata part of the proceeds.
    event SettlementSellerPaid(uint256 indexed parcelId, uint256 indexed sellerId, address wallet, uint256 amount);
    /// @notice A signed sale settled: the parcel went to the buyer at `revision` of its chain of title.
    event SaleSettled(
        uint256 indexed parcelId,
        uint64 indexed buyerId,
        uint256 price,
        uint256 payoff,
        uint256 signedRevision,
        address registrar
    );

    /**
     * @notice Settles a signed sale. Called on the land register (`LandRegistry.settleSigned`, restricted to
     * LAND_REGISTRAR: its call is its approval), which runs it in its own storage by `DELEGATECALL` to its
     * {LandSettlementModule}; the module refuses a direct call.
     * @param terms The terms every party signed.
     * @param sellerSignatures One signature per current co-owner, in `ownersOf(parcelId)` order.
     * @param buyerSignature The buyer's signature.
     * @param permit The buyer's permit for `terms.price` to the register (`deadline == 0`: none). It is
     * used only if the allowance is short, so a front-run permit cannot block the settlement.
     */
    function settleSigned(
        DeedTerms calldata terms,
        bytes[] calldata sellerSignatures,
        bytes calldata buyerSignature,
        Permit calldata permit
    ) external;
}
