package dev.botwatch.demobot.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;

/**
 * How the {@code memory_growth} fault grows the process: {@code step_mib} per tick up to {@code
 * cap_mib}. The default cap puts a ~80 MiB bot (the launch scripts' flags) at ~720 MiB: over the
 * BotMemoryHigh warning of both profiles (400 and 600 MiB), under the production BotMemoryEmergency
 * (800 MiB), so the hard playbook, not the emergency stop, answers it. Tests set a few MiB.
 */
public record MemoryGrowthConfig(Integer capMib, Integer stepMib) implements Validatable {
  public MemoryGrowthConfig {
    capMib = capMib == null ? 640 : capMib;
    stepMib = stepMib == null ? 16 : stepMib;
  }

  public long capBytes() {
    return capMib * 1024L * 1024L;
  }

  public long stepBytes() {
    return stepMib * 1024L * 1024L;
  }

  @Override
  public void validate(String path, Problems p) {
    p.require(capMib >= 1 && capMib <= 4096, path + ".cap_mib", "must be 1-4096");
    p.require(stepMib >= 1 && stepMib <= 1024, path + ".step_mib", "must be 1-1024");
  }
}
