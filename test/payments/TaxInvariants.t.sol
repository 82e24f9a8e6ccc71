// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Roles} from "../../contracts/access/Roles.sol";
import {ILandLiens} from "../../contracts/land/ILandLiens.sol";
import {ILandRegistry} from "../../contracts/land/ILandRegistry.sol";
import {IPropertyTax} from "../../contracts/payments/IPropertyTax.sol";
import {PropertyTax} from "../../contracts/payments/PropertyTax.sol";
import {CityToken} from "../../contracts/token/CityToken.sol";
import {LandSetup} from "../land/LandSetup.sol";
import {Proxies} from "../utils/Proxies.sol";
import {TestBase} from "../utils/TestBase.sol";

/**
 * @notice Random levies, payments (by owners or anyone), tax liens, sweeps and time over three parcels (two in a
 * taxed zone, one exempt) and three tax years. Holds TAX_OFFICE, LAND_REGISTRAR and TREASURER.
 */
contract TaxHandler is TestBase {
    PropertyTax public immutable TAX;
    CityToken public immutable TOKEN;
    address public immutable PAYER;
    address public immutable TREASURY_WALLET;
    uint16 public constant FIRST_YEAR = 2027;
    uint16 public constant YEARS = 3;
    uint256 public constant PARCELS = 3;
    uint16 public levied;
    /// @notice Ghosts: tokens that entered the tax contract by payments, and left it by sweeps.
    uint256 public collected;
    uint256 public swept;
    /// @notice Ghost: what was paid for a parcel and year (token movement measured at the payment).
    mapping(uint256 parcelId => mapping(uint16 year => uint256)) public paidFor;

    constructor(PropertyTax tax, CityToken token, address payer, address treasuryWallet) {
        TAX = tax;
        TOKEN = token;
        PAYER = payer;
        TREASURY_WALLET = treasuryWallet;
    }

    function levy(uint256 rate) external {
        if (levied == YEARS) return;
        uint32[] memory zones = new uint32[](1);
        zones[0] = 1;
        uint96[] memory rates = new uint96[](1);
        rates[0] = uint96(bound(rate, 1, 1e18));
        TAX.levy(FIRST_YEAR + levied, uint40(block.timestamp + 1 days), 1 days, zones, rates);
        ++levied;
    }

    function pay(uint256 parcelSeed, uint256 yearSeed) external {
        (uint256 parcelId, uint16 year) = _pick(parcelSeed, yearSeed);
        (IPropertyTax.TaxStatus status, uint256 amount, ) = TAX.taxStatus(parcelId, year);
        if (status != IPropertyTax.TaxStatus.Due && status != IPropertyTax.TaxStatus.Liened) return;
        uint256 before = TOKEN.balanceOf(address(TAX));
        vm.prank(PAYER);
        TAX.pay(parcelId, year);
        uint256 moved = TOKEN.balanceOf(address(TAX)) - before;
        assertEq(moved, amount, "a payment moves exactly the amount due");
        collected += moved;
        paidFor[parcelId][year] += moved;
    }

    function imposeLien(uint256 parcelSeed, uint256 yearSeed) external {
        (uint256 parcelId, uint16 year) = _pick(parcelSeed, yearSeed);
        (IPropertyTax.TaxStatus status, , ) = TAX.taxStatus(parcelId, year);
        IPropertyTax.TaxYear memory y = TAX.taxYear(year);
        if (status != IPropertyTax.TaxStatus.Due || block.timestamp <= uint256(y.dueDate) + y.grace) return;
        TAX.imposeLien(parcelId, year);
    }

    function sweep() external {
        uint256 before = TOKEN.balanceOf(TREASURY_WALLET);
        if (TOKEN.balanceOf(address(TAX)) == 0) return;
        TAX.sweep();
        swept += TOKEN.balanceOf(TREASURY_WALLET) - before;
    }

    function warp(uint256 dt) external {
        vm.warp(block.timestamp + bound(dt, 1, 2 days));
    }

    function _pick(uint256 parcelSeed, uint256 yearSeed) private pure returns (uint256 parcelId, uint16 year) {
        parcelId = (parcelSeed % PARCELS) + 1;
        year = FIRST_YEAR + uint16(yearSeed % YEARS);
    }
}

/**
 * @notice Property tax invariants: the tax contract holds exactly what was paid and not yet swept to the
 * treasury; a parcel's paid tax for a year equals its due once paid and is zero otherwise (never more, never
 * twice); a tax lien is active only for an unpaid year past its due date plus grace, and is released when paid.
 */
contract TaxInvariants is LandSetup {
    PropertyTax internal _tax;
    TaxHandler internal _handler;
    ILandLiens internal _liens;

    function setUp() public {
        _deployLand(address(this));
        _liens = liens;
        _tax = PropertyTax(
            Proxies.deploy(
                deployCode("PropertyTax.sol:PropertyTax", ""),
                abi.encodeCall(PropertyTax.initialize, (address(manager), token, titles, liens, registry))
            )
        );
        bytes4[] memory statutory = new bytes4[](2);
        statutory[0] = ILandLiens.imposeStatutoryLien.selector;
        statutory[1] = ILandLiens.releaseStatutoryLien.selector;
        manager.setTargetFunctionRole(address(liens), statutory, Roles.TAX_MODULE);
        manager.grantRole(Roles.TAX_MODULE, address(_tax), 0);
        bytes4[] memory office = new bytes4[](2);
        office[0] = IPropertyTax.levy.selector;
        office[1] = IPropertyTax.imposeLien.selector;
        manager.setTargetFunctionRole(address(_tax), office, Roles.TAX_OFFICE);
        bytes4[] memory zoning = new bytes4[](1);
        zoning[0] = IPropertyTax.assignZone.selector;
        manager.setTargetFunctionRole(address(_tax), zoning, Roles.LAND_REGISTRAR);
        bytes4[] memory treasurer = new bytes4[](1);
        treasurer[0] = IPropertyTax.setTreasury.selector;
        manager.setTargetFunctionRole(address(_tax), treasurer, Roles.TREASURER);
        manager.grantRole(Roles.TREASURER, address(this), 0);

        (address payer, uint64 ownerId) = _resident("owner");
        (address treasuryWallet, uint64 treasuryId) = _resident("treasury");
        for (uint256 i = 1; i <= 3; ++i) {
            ILandRegistry.Share[] memory sole = new ILandRegistry.Share[](1);
            sole[0] = ILandRegistry.Share({identityId: ownerId, bps: 10_000});
            uint256 parcelId = titles.registerParcel(_spec(bytes32(i), uint64(100 * i)), sole);
            if (i < 3) _tax.assignZone(parcelId, 1); // parcel 3 stays in the exempt zone 0
        }
        _tax.setTreasury(treasuryId);
        vm.warp(block.timestamp + 1);
        _handler = new TaxHandler(_tax, token, payer, treasuryWallet);
        manager.grantRole(Roles.TAX_OFFICE, address(_handler), 0);
        vm.prank(payer);
        token.approve(address(_tax), type(uint256).max);
        targetContract(address(_handler));
    }

    /// @notice Tokens are conserved: the tax contract holds exactly what was paid and not yet swept.
    function invariant_taxHoldsExactlyWhatIsOwed() public view {
        assertEq(token.balanceOf(address(_tax)), _handler.collected() - _handler.swept(), "held == paid - swept");
    }

    /// @notice Per parcel and year: paid == due once paid, 0 otherwise; liens only when unpaid past grace.
    function invariant_paidAndLiensConsistent() public view {
        for (uint256 parcelId = 1; parcelId <= 3; ++parcelId) {
            uint256 liened;
            for (uint16 year = 2027; year < 2030; ++year) {
                (IPropertyTax.TaxStatus status, uint256 amount, uint256 lienId) = _tax.taxStatus(parcelId, year);
                uint256 paid = _handler.paidFor(parcelId, year);
                if (status == IPropertyTax.TaxStatus.Paid) {
                    assertEq(paid, amount, "paid exactly the due, once");
                    if (lienId != 0) {
                        assertTrue(_liens.lien(lienId).status != ILandLiens.LienStatus.Active, "released when paid");
                    }
                } else {
                    assertEq(paid, 0, "nothing paid for an unpaid year");
                }
                if (status == IPropertyTax.TaxStatus.Liened) {
                    IPropertyTax.TaxYear memory y = _tax.taxYear(year);
                    assertTrue(block.timestamp > uint256(y.dueDate) + y.grace, "a lien only after due date + grace");
                    assertEq(uint256(_liens.lien(lienId).status), uint256(ILandLiens.LienStatus.Active), "active");
                    ++liened;
                }
                if (parcelId == 3 && status != IPropertyTax.TaxStatus.Unassessed) {
                    assertEq(uint256(status), uint256(IPropertyTax.TaxStatus.NotTaxed), "exempt zone");
                }
            }
            assertEq(_liens.liensOf(parcelId).length, liened, "every active lien is an unpaid year's tax lien");
        }
    }
}
