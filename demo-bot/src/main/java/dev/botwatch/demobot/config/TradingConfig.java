package dev.botwatch.demobot.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;

/**
 * The simulated market: exchange name (also the first API's label), quote currency, starting
 * balance, API calls per tick, and whether {@code liquidate} may flatten positions.
 */
public record TradingConfig(
    String exchange,
    String currency,
    Double startingBalance,
    Integer apiCallsPerTick,
    Boolean liquidationAllowed,
    String version)
    implements Validatable {
  public TradingConfig {
    exchange = exchange == null ? "binance" : exchange;
    currency = currency == null ? "USDT" : currency;
    startingBalance = startingBalance == null ? 1000.0 : startingBalance;
    apiCallsPerTick = apiCallsPerTick == null ? 3 : apiCallsPerTick;
    liquidationAllowed = liquidationAllowed != null && liquidationAllowed;
    version = version == null ? "1.0.0" : version;
  }

  public static TradingConfig defaults() {
    return new TradingConfig(null, null, null, null, null, null);
  }

  @Override
  public void validate(String path, Problems p) {
    p.require(
        DemoBotConfig.BOT_NAME.matcher(exchange).matches(),
        path + ".exchange",
        "must match [A-Za-z0-9_.-]{1,64}");
    p.require(
        DemoBotConfig.BOT_NAME.matcher(currency).matches(),
        path + ".currency",
        "must match [A-Za-z0-9_.-]{1,64}");
    p.require(startingBalance >= 0, path + ".starting_balance", "must be >= 0");
    p.require(
        apiCallsPerTick >= 1 && apiCallsPerTick <= 100,
        path + ".api_calls_per_tick",
        "must be 1-100");
    p.notBlank(version, path + ".version");
  }
}
