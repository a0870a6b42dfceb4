/**
 * The control socket of a running engine: a unix socket taking one JSON request per connection
 * ({@code {"command": "reload", "arguments": {...}}}) and answering one JSON line
 * ({@code {"return": "OK"|"NOK", "message": ...}}), the server side ({@link dev.sluice.engine.ctl.ControlServer})
 * and the client that {@code sluice ctl} and {@code sluice rules flip} use ({@link dev.sluice.engine.ctl.ControlClient}).
 */
package dev.sluice.engine.ctl;
