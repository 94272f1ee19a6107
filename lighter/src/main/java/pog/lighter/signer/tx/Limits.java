package pog.lighter.signer.tx;

/** Field ranges the sequencer enforces (lighter-go txtypes/constants.go); checked before signing. */
final class Limits {

    static final long MIN_ACCOUNT_INDEX = -1;
    static final long MAX_ACCOUNT_INDEX = (1L << 48) - 2;
    static final int MAX_API_KEY_INDEX = 254;
    static final int MAX_PERPS_MARKET_INDEX = 254;
    static final int NIL_MARKET_INDEX = 255;
    static final int MIN_SPOT_MARKET_INDEX = 2048;
    static final int MAX_SPOT_MARKET_INDEX = 4094;
    static final long MIN_CLIENT_ORDER_INDEX = 1;
    static final long MAX_CLIENT_ORDER_INDEX = (1L << 48) - 1;
    static final long MAX_ORDER_INDEX = (1L << 60) - 1;
    static final long MAX_ORDER_BASE_AMOUNT = (1L << 48) - 1;
    static final long MAX_UINT32 = (1L << 32) - 1;
    static final long MAX_TIMESTAMP = (1L << 48) - 1;
    static final int MARGIN_FRACTION_TICK = 10_000;
    static final long FEE_TICK = 1_000_000;
    static final long MAX_EXCHANGE_USDC = (1L << 60) - 1;
    static final int MIN_ASSET_INDEX = 1;
    static final int MAX_ASSET_INDEX = (1 << 6) - 2;

    private Limits() {
    }

    static boolean isPerpsMarket(int marketIndex) {
        return marketIndex >= 0 && marketIndex <= MAX_PERPS_MARKET_INDEX;
    }

    static boolean isSpotMarket(int marketIndex) {
        return marketIndex >= MIN_SPOT_MARKET_INDEX && marketIndex <= MAX_SPOT_MARKET_INDEX;
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    static void checkMarket(int marketIndex) {
        check(isPerpsMarket(marketIndex) || isSpotMarket(marketIndex), "MarketIndex " + marketIndex + " is invalid");
    }

    static void checkAsset(int assetIndex) {
        check(assetIndex >= MIN_ASSET_INDEX && assetIndex <= MAX_ASSET_INDEX, "AssetIndex " + assetIndex + " is out of range");
    }

    static void checkRoute(String field, int route) {
        check(route == 0 || route == 1, field + " " + route + " is invalid (0 perps, 1 spot)");
    }

    static void checkOrderIndex(long index) {
        check(index >= MIN_CLIENT_ORDER_INDEX, "order Index " + index + " is too low");
        check(index <= MAX_ORDER_INDEX, "order Index " + index + " is too high");
    }
}
