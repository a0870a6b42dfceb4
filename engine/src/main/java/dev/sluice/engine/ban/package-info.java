/**
 * Bans of repeat offenders: {@link dev.sluice.engine.ban.BanSettings} reads the {@code bans:}
 * section of sluice.yaml, {@link dev.sluice.engine.ban.BanManager} listens to the output writer's
 * events, counts alerts per policy and source ({@link dev.sluice.engine.ban.OffenceCounter}) and
 * has a single {@code sluice-ban} thread add offenders, with a timeout, to the nftables sets that
 * {@code iptables/sluice-iptables up} creates ({@link dev.sluice.engine.ban.Nft}), so the kernel
 * drops their packets before they reach the engine. Nothing here runs per packet: counting runs on
 * the output writer thread, once per alert; nft runs on the ban thread.
 */
package dev.sluice.engine.ban;
