/**
 * Tests of what ships next to the build for installing Sluice: the systemd unit in
 * {@code packaging/systemd/}.
 */
package dev.sluice.engine.packaging;
