/**
 * Configuration: {@link dev.sluice.signatures.vars.SluiceConfig} reads sluice.yaml (shaped like
 * suricata.yaml) and {@code --set key=value} overrides; {@link dev.sluice.signatures.vars.Variables}
 * holds the address and port groups rule headers use ({@code $HOME_NET}, {@code $HTTP_PORTS}, ...).
 */
package dev.sluice.signatures.vars;
