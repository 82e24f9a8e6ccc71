// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/ERC20Upgradeable.sol";
// solhint-disable-next-line max-line-length
import {ERC20PermitUpgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/ERC20PermitUpgradeable.sol";
// solhint-disable-next-line max-line-length
import {ERC3009Upgradeable} from "@openzeppelin/contracts-upgradeable/token/ERC20/extensions/draft-ERC3009Upgradeable.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

import {CityService} from "../common/CityService.sol";
import {PasskeyActions} from "../common/PasskeyActions.sol";
import {IPasskeyRegistry} from "../identity/IPasskeyRegistry.sol";
import {ICityToken} from "./ICityToken.sol";

/**
 * @title CityToken
 * @notice ERC-20 settlement token with EIP-2612 permit and ERC-3009 transfer with authorization (a relayer
 * submits a holder's signed payment, so a resident needs no ether), minted only through the city's authority;
 * behind a UUPS proxy so balances, allowances and used authorizations survive every upgrade.
 * @dev ERC-3009 is OpenZeppelin 5.7's draft `ERC3009Upgradeable` (typehashes, validity window, events, errors)
 * with two city changes: (1) `bytes` signature overloads checked with `SignatureChecker` (ERC-1271 contract
 * wallets); (2) keyed sequential nonces: a nonce is `key (192 bits) << 64 | sequence (64 bits)`, each key's
 * sequences used in order, so a resident's next payment on a key rewrites a warm slot instead of creating one.
 * Their state lives in the NEW namespace `citychain.storage.CityTokenAuthorizations` (OpenZeppelin's own
 * `openzeppelin.storage.ERC3009` stays unused): the committed layout is untouched.
 */
contract CityToken is
    CityService,
    PasskeyActions,
    ERC20Upgradeable,
    ERC20PermitUpgradeable,
    ERC3009Upgradeable,
    ICityToken
{
    /// @custom:storage-location erc7201:citychain.storage.CityTokenAuthorizations
    struct CityTokenAuthorizationsStorage {
        mapping(address authorizer => mapping(uint192 key => uint64 nextSequence)) nextSequence;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.CityTokenAuthorizations")) - 1))
    //     & ~bytes32(uint256(0xff))
    bytes32 private constant _AUTHORIZATIONS_STORAGE =
        0x557f6fa81e678c65f1f9b5dd5bbf510e2768ad0aff7e8d79f8604fc27ed84100;

    /**
     * @param name_ The token name (also the EIP-712 domain name for permits and authorizations).
     * @param symbol_ The token symbol.
     * @param authority The city's AccessManager.
     */
    function initialize(string calldata name_, string calldata symbol_, address authority) external initializer {
        __CityService_init(authority);
        __ERC20_init(name_, symbol_);
        __ERC20Permit_init(name_);
    }

    /// @inheritdoc ICityToken
    function mint(address to, uint256 amount) external restricted {
        if (amount == 0) revert CityTokenZeroAmount();
        _mint(to, amount);
    }

    /// @inheritdoc ICityToken
    function transferWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes calldata signature
    ) external {
        _checkAuthorizer(
            from,
            keccak256(
                abi.encode(TRANSFER_WITH_AUTHORIZATION_TYPEHASH, from, to, value, validAfter, validBefore, nonce)
            ),
            signature
        );
        _transferWithAuthorization(from, to, value, validAfter, validBefore, nonce);
    }

    /// @inheritdoc ICityToken
    function transferWithPasskey(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        IPasskeyRegistry.PasskeyAssertion calldata assertion
    ) external {
        bytes32 structHash = keccak256(
            abi.encode(TRANSFER_WITH_AUTHORIZATION_TYPEHASH, from, to, value, validAfter, validBefore, nonce)
        );
        _verifyWalletPasskey(from, _hashTypedDataV4(structHash), value, assertion);
        _transferWithAuthorization(from, to, value, validAfter, validBefore, nonce);
    }

    /// @inheritdoc ICityToken
    function receiveWithAuthorization(
        address from,
        address to,
        uint256 value,
        uint256 validAfter,
        uint256 validBefore,
        bytes32 nonce,
        bytes calldata signature
    ) external {
        _checkAuthorizer(
            from,
            keccak256(abi.encode(RECEIVE_WITH_AUTHORIZATION_TYPEHASH, from, to, value, validAfter, validBefore, nonce)),
            signature
        );
        if (to != _msgSender()) revert ERC20InvalidReceiver(to);
        _transferWithAuthorization(from, to, value, validAfter, validBefore, nonce);
    }

    /// @inheritdoc ICityToken
    function cancelAuthorization(address authorizer, bytes32 nonce, bytes calldata signature) external {
        _checkAuthorizer(
            authorizer,
            keccak256(abi.encode(CANCEL_AUTHORIZATION_TYPEHASH, authorizer, nonce)),
            signature
        );
        _cancelAuthorization(authorizer, nonce);
    }

    /// @inheritdoc ICityToken
    function authorizationNonce(address authorizer, uint192 key) external view returns (bytes32) {
        return bytes32((uint256(key) << 64) | _authorizationsStorage().nextSequence[authorizer][key]);
    }

    /**
     * @notice Whether `nonce` of `authorizer` is used or cancelled (its key's sequence has passed it).
     * @param authorizer The holder.
     * @param nonce The authorization nonce, `key << 64 | sequence`.
     * @return True once used or cancelled.
     */
    function authorizationState(address authorizer, bytes32 nonce) public view override returns (bool) {
        (uint192 key, uint64 sequence) = _splitNonce(nonce);
        return _authorizationsStorage().nextSequence[authorizer][key] > sequence;
    }

    /**
     * @dev The EIP-712 version is always "1" (set by `__ERC20Permit_init`): a constant instead of a storage read
     * on every permit and authorization. Same value, so the domain (and every signature) is unchanged.
     */
    // solhint-disable-next-line func-name-mixedcase
    function _EIP712Version() internal pure override returns (string memory) {
        return "1";
    }

    /// @dev Uses `nonce`: a passed sequence is a replay, a later one is out of order.
    function _consumeNonce(address authorizer, bytes32 nonce) internal override {
        (uint192 key, uint64 sequence) = _splitNonce(nonce);
        CityTokenAuthorizationsStorage storage $ = _authorizationsStorage();
        uint64 expected = $.nextSequence[authorizer][key];
        if (sequence < expected) revert ERC3009UsedAuthorization(authorizer, nonce);
        if (sequence != expected) revert CityTokenAuthorizationOutOfOrder(authorizer, nonce, expected);
        $.nextSequence[authorizer][key] = expected + 1;
    }

    /// @dev Reverts unless `signer` (an EOA or an ERC-1271 wallet) signed the EIP-712 struct `structHash`.
    function _checkAuthorizer(address signer, bytes32 structHash, bytes calldata signature) private view {
        if (!SignatureChecker.isValidSignatureNowCalldata(signer, _hashTypedDataV4(structHash), signature)) {
            revert ERC3009InvalidSignature();
        }
    }

    function _splitNonce(bytes32 nonce) private pure returns (uint192 key, uint64 sequence) {
        return (uint192(uint256(nonce) >> 64), uint64(uint256(nonce)));
    }

    function _authorizationsStorage() private pure returns (CityTokenAuthorizationsStorage storage $) {
        // ERC-7201: point the struct at its namespace slot.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _AUTHORIZATIONS_STORAGE
        }
    }
}
