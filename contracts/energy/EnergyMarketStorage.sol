// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

import {CityService} from "../common/CityService.sol";
import {IIdentityRegistry} from "../identity/IIdentityRegistry.sol";
import {IEnergyMarket} from "./IEnergyMarket.sol";
import {IEnergyMeters} from "./IEnergyMeters.sol";

/**
 * @title EnergyMarketStorage
 * @notice The energy market's state (one ERC-7201 namespace shared by its parts: {EnergyMarket} and
 * {EnergySettlement}) and its identity-keyed ledger: open bid locks and pulled credits, whose sum is always the
 * market's token balance.
 */
abstract contract EnergyMarketStorage is CityService, IEnergyMarket {
    /// @notice Orders per side of one market (interval, feeder). The engine, the verifier and the settlement
    /// all read at most 2 x 64 orders, so each stays within one block.
    uint256 public constant MAX_ORDERS_PER_SIDE = 64;
    /// @notice Bids one identity may place per interval (a small demand curve); asks: one per identity and
    /// interval. Far below the book bound, so no single identity can fill a book.
    uint8 public constant MAX_BIDS_PER_IDENTITY = 4;

    /// @notice What an identity holds in one interval (the per-identity cap and the self-trade guard).
    struct Participation {
        uint8 bids;
        bool asked;
    }

    /// @custom:storage-location erc7201:citychain.storage.EnergyMarket
    struct EnergyMarketStorageLayout {
        IIdentityRegistry registry;
        IEnergyMeters meters;
        IERC20 token;
        uint256 operatorId;
        Config config;
        uint256 locked;
        uint256 credited;
        mapping(uint32 feeder => uint64 capacityWh) capacity;
        mapping(uint64 interval => mapping(uint32 feeder => Market)) markets;
        // bids at 0 .. MAX_ORDERS_PER_SIDE - 1, asks from MAX_ORDERS_PER_SIDE on
        mapping(uint64 interval => mapping(uint32 feeder => mapping(uint256 slot => Order))) orders;
        mapping(uint64 interval => mapping(uint256 identityId => Participation)) participation;
        mapping(uint256 identityId => uint256 credit) balances;
        mapping(uint64 interval => mapping(uint256 identityId => uint256 greenWh)) green;
    }

    // keccak256(abi.encode(uint256(keccak256("citychain.storage.EnergyMarket")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant _ENERGY_MARKET_STORAGE =
        0x05c209bd7078cc5c847a032403185c67cb8d48e9aa435d217cd7ea0e9ef0ad00;

    /// @dev The caller's identity id; the caller must be its current primary wallet.
    function _callerIdentity() internal view returns (uint256 identityId) {
        IIdentityRegistry registry = _market().registry;
        identityId = registry.identityOf(msg.sender);
        if (identityId == 0 || registry.walletOf(identityId) != msg.sender) {
            revert EnergyCallerNotIdentity(msg.sender, identityId);
        }
    }

    /// @dev Credits an identity (pull payment); `credited` is raised by the caller for the whole batch.
    function _credit(EnergyMarketStorageLayout storage $, uint256 identityId, uint256 amount) internal {
        if (amount != 0) $.balances[identityId] += amount;
    }

    function _market() internal pure returns (EnergyMarketStorageLayout storage $) {
        // ERC-7201: point the struct at its namespace slot.
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := _ENERGY_MARKET_STORAGE
        }
    }
}
